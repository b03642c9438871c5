using System;
using System.Collections.Generic;
using System.Linq;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OrsMigration.Util;

namespace OrsMigration.Config
{
    /// <summary>
    /// Configuration Server through the Genesys Administrator Extension REST API (as observed in
    /// public clients: session cookie from POST session/login, objects under cfg/objects). Objects
    /// travel in the same GAX JSON the file store keeps. Every write re-reads the object first and is
    /// refused when it changed since it was read; only idempotent reads are retried.
    /// </summary>
    public sealed class GaxConfigStore : IConfigStore
    {
        private readonly HttpClient _http;
        private readonly NetworkCredential _credential;
        private readonly string _api;
        private readonly object _loginGate = new object();
        private CancellationTokenSource _pending = new CancellationTokenSource();

        /// <summary>
        /// The REST root under the GAX address; observed in public clients, not documented, hence a parameter.
        /// </summary>
        public const string DefaultApiPath = "gax/api";

        public GaxConfigStore(Uri baseUri, NetworkCredential credential, bool skipCertificateCheck, TimeSpan timeout,
            string apiPath = DefaultApiPath, bool allowUnencrypted = false)
        {
            _credential = credential ?? throw new OrsException("CredentialRequired", OrsErrorKind.InvalidArgument, "GAX needs a login: give -Credential.", baseUri);
            if (baseUri.Scheme != Uri.UriSchemeHttps && !allowUnencrypted)
                throw new OrsException("UnencryptedAuthentication", OrsErrorKind.SecurityError, $"'{baseUri.GetLeftPart(
                    UriPartial.Authority)}' is not encrypted: the GAX login would send the password in clear text. " +
                    "Use https://, or -AllowUnencryptedAuthentication on a test system.", baseUri.Host);
            TlsPolicy.EnableTls12ForHttp();
            // Redirects are never followed: a 3xx would carry the login (or a write) to another address.
            var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true,
                AllowAutoRedirect = false };
            if (skipCertificateCheck) handler.ServerCertificateCustomValidationCallback = (m, c, ch, e) => true;
            _http = new HttpClient(handler) { Timeout = timeout };
            _api = baseUri.ToString().TrimEnd('/') + "/" + (apiPath ?? DefaultApiPath).Trim('/') + "/";
            BaseUri = baseUri;
            Login();
        }

        public Uri BaseUri { get; }
        public string Description => "gax:" + BaseUri;
        public int MaxReadAttempts { get; set; } = 3;

        /// <summary>
        /// Ctrl+C: the requests in flight stop now instead of at their timeout; later ones run normally.
        /// </summary>
        public void CancelPending() => Interlocked.Exchange(ref _pending, new CancellationTokenSource()).Cancel();

        /// <summary>
        /// Reads in flight at once by default: hides the round trip without loading Configuration Server much.
        /// </summary>
        public int ReadParallelism { get; set; } = 4;

        public IEnumerable<CfgObject> List(string type, Action<OrsException> onError, CancellationToken cancel = default) =>
            Query(type, "", cancel);

        /// <summary>
        /// GAX filters by name on the server (observed; its case rule is not documented), so the match is
        /// checked here ignoring case, and a miss is confirmed over the whole list before it is reported.
        /// </summary>
        public IEnumerable<CfgObject> FindByName(string type, string name)
        {
            var found = Query(type, "&name=" + Uri.EscapeDataString(name), default).Where(o => o.HasName(name)).ToList();
            return found.Count > 0 ? found : List(type, null).Where(o => o.HasName(name)).ToList();
        }

        private Stream Spool(string type, string filter, CancellationToken cancel)
        {
            var spool = ScratchFile.Create(81920);
            try
            {
                string path = $"cfg/objects?brief=false&type={Uri.EscapeDataString(type)}" + filter;
                using (var response = Send(HttpMethod.Get, path, null, idempotent: true, what: $"the {type} objects",
                    cancel: cancel))
                using (var body = response.Content.ReadAsStreamAsync().GetAwaiter().GetResult())
                using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel))
                {
                    // The client's timeout covers the headers only; the body gets the same time again.
                    limit.CancelAfter(_http.Timeout);
                    try { body.CopyToAsync(spool, 81920, limit.Token).GetAwaiter().GetResult(); }
                    catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                    {
                        throw new OrsException("GaxTimeout", OrsErrorKind.OperationTimeout, $"GAX at {BaseUri} did " +
                            $"not finish sending the {type} objects within {_http.Timeout.TotalSeconds:0} s.", type);
                    }
                }
                spool.Position = 0;
                return spool;
            }
            catch
            {
                spool.Dispose();
                throw;
            }
        }

        private IEnumerable<CfgObject> Query(string type, string filter, CancellationToken cancel)
        {
            // The answer is spooled to a temporary file, then read object by object: memory stays small
            // whatever the store's size, and a slow pipeline cannot make GAX drop a half-read answer.
            using (var spool = Spool(type, filter, cancel))
            using (var reader = new JsonTextReader(new StreamReader(spool))
                   { DateParseHandling = DateParseHandling.None })
            {
                if (!reader.Read() || reader.TokenType != JsonToken.StartArray)
                    throw new OrsException("GaxInvalidAnswer", OrsErrorKind.InvalidData, $"GAX did not answer a " +
                        $"list of {type} objects.", type);
                while (reader.Read() && reader.TokenType == JsonToken.StartObject)
                {
                    cancel.ThrowIfCancellationRequested();
                    var json = JObject.Load(reader);
                    yield return Wrap(type, json);
                }
            }
        }

        public CfgObject Get(string type, int dbid)
        {
            using (var response = Send(HttpMethod.Get, $"cfg/objects/{type}/{dbid}", null, idempotent: true, what: $"{type} {dbid}", allowNotFound: true))
            {
                if (response.StatusCode == HttpStatusCode.NotFound) return null;
                return Wrap(type, Json.ParseObject(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()));
            }
        }

        public CfgObject Create(string type, JObject json)
        {
            var body = (JObject)json.DeepClone();
            body["type"] = type;
            body.Remove("dbid");
            using (var response = Send(HttpMethod.Post, "cfg/objects", body, idempotent: false, what: $"a new {type} '{(string)json["name"]}'"))
            {
                var created = Json.ParseObject(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
                return Wrap(type, created);
            }
        }

        public void Update(CfgObject obj)
        {
            EnsureUnchanged(obj);
            using (Send(HttpMethod.Put, $"cfg/objects/{obj.Type}/{obj.Dbid}", obj.Json, idempotent: false, what: obj.ToString())) { }
            obj.Revision = Revision(obj.Json);
        }

        public void Delete(CfgObject obj)
        {
            EnsureUnchanged(obj);
            using (Send(HttpMethod.Delete, $"cfg/objects/{obj.Type}/{obj.Dbid}", null, idempotent: false, what: obj.ToString())) { }
        }

        public void Dispose()
        {
            try { using (Send(HttpMethod.Post, "session/logout", new JObject(), idempotent: false, what: "the session", relogin: false)) { } }
            catch (OrsException) { }
            _http.Dispose();
        }

        /// <summary>The revision of an object is the hash of its JSON, as GAX sent it (normalised).</summary>
        private static string Revision(JObject json) => AtomicFile.Sha256Hex(Encoding.UTF8.GetBytes(json.ToString(Formatting.None)));

        private static CfgObject Wrap(string type, JObject json) =>
            new CfgObject(type, ApplicationMapper.Int(json, "dbid"), json, Revision(json));

        private void EnsureUnchanged(CfgObject obj)
        {
            var current = Get(obj.Type, obj.Dbid);
            if (current == null)
                throw new OrsException("ObjectDeleted", OrsErrorKind.NotFound, $"{obj} was deleted in Configuration " +
                    "Server since it was read; nothing was written.", obj);
            if (current.Revision != obj.Revision)
                throw new OrsException("StaleWrite", OrsErrorKind.Conflict,
                    $"{obj} was changed in Configuration Server since it was read; nothing was written. Read it " +
                    "again (Get-OrsApplication) and repeat the change.", obj);
        }

        private void Login()
        {
            lock (_loginGate)
            {
                var body = new JObject { ["username"] = _credential.UserName, ["password"] = _credential.Password, ["isPasswordEncrypted"] = false };
                using (var response = Send(HttpMethod.Post, "session/login", body, idempotent: false, what: "the login", relogin: false, allowNotFound: true, allowUnauthorized: true))
                {
                    if (response.StatusCode == HttpStatusCode.NotFound)
                        throw new OrsException("GaxApiNotFound", OrsErrorKind.NotFound,
                            $"There is no GAX login at {_api}session/login. Check -Uri (the GAX address, e.g. " +
                            $"https://gax-host:8080) and -ApiPath (default '{DefaultApiPath}').", BaseUri);
                    if (response.StatusCode == HttpStatusCode.Unauthorized || response.StatusCode == HttpStatusCode.Forbidden)
                        throw new OrsException("GaxLoginFailed", OrsErrorKind.SecurityError,
                            $"GAX at {BaseUri} refused the login of '{_credential.UserName}'. Check the user name " +
                            "and password.", BaseUri);
                }
            }
        }

        /// <summary>
        /// One request: a 401 means the session expired, so the module logs in again and repeats it
        /// once (nothing was done); reads are retried with backoff on 5xx and timeouts; writes never are.
        /// </summary>
        private HttpResponseMessage Send(HttpMethod method, string path, JObject body, bool idempotent, string what,
            bool relogin = true, bool allowNotFound = false, bool allowUnauthorized = false, CancellationToken cancel = default)
        {
            bool loggedInAgain = false;
            for (int attempt = 1; ; attempt++)
            {
                HttpResponseMessage response;
                try { response = SendOnce(method, path, body, cancel); }
                catch (Exception e) when ((e is HttpRequestException || e is TaskCanceledException) && !cancel.IsCancellationRequested)
                {
                    if (idempotent && attempt < MaxReadAttempts) { Thread.Sleep(200 * attempt); continue; }
                    string maybe = idempotent ? "" : " It may or may not have been applied: check it before repeating.";
                    throw new OrsException("GaxUnreachable", OrsErrorKind.ReadError,
                        $"GAX at {BaseUri} did not answer {method} for {what}: {Inner(e)}{maybe}", what, e);
                }
                int code = (int)response.StatusCode;
                if (code == 401 && relogin && !loggedInAgain) { response.Dispose(); Login(); loggedInAgain = true; continue; }
                if (code >= 500 && idempotent && attempt < MaxReadAttempts) { response.Dispose(); Thread.Sleep(200 * attempt); continue; }
                if (response.IsSuccessStatusCode || (allowNotFound && code == 404) || (allowUnauthorized && code == 401)) return response;
                string detail = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                var location = response.Headers.Location;
                response.Dispose();
                if (code >= 300 && code < 400) throw Redirected(code, method, what, location);
                throw Failure(code, method, what, detail);
            }
        }

        private HttpResponseMessage SendOnce(HttpMethod method, string path, JObject body, CancellationToken cancel)
        {
            using (var request = new HttpRequestMessage(method, _api + path))
            {
                if (body != null) request.Content = new StringContent(body.ToString(Formatting.None), Encoding.UTF8, "application/json");
                var stop = Volatile.Read(ref _pending).Token;
                using (var both = CancellationTokenSource.CreateLinkedTokenSource(cancel, stop))
                {
                    // Headers only: a listing's body is then copied to disk (Spool), not buffered in memory.
                    try { return _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, both.Token)
                        .GetAwaiter().GetResult(); }
                    // Not a timeout: no retry, and the pipeline stops.
                    catch (OperationCanceledException) when (stop.IsCancellationRequested) { throw new OperationCanceledException("Stopped by the user.", stop); }
                }
            }
        }

        private OrsException Redirected(int code, HttpMethod method, string what, Uri location)
        {
            string target = location == null ? "(no address)"
                : Redact.Text(location.IsAbsoluteUri ? location.GetLeftPart(UriPartial.Path) : location.OriginalString);
            return new OrsException("GaxRedirected", OrsErrorKind.SecurityError,
                $"GAX at {BaseUri} answered {code} to {method} for {what}, redirecting to '{target}'. " +
                "Redirects are not followed, so the login and writes never go to an address you did not give. " +
                "Connect to the address GAX redirects to with -Uri if you trust it.", what);
        }

        private OrsException Failure(int code, HttpMethod method, string what, string detail)
        {
            // The body may echo the request (the login's password among it): masked and capped.
            string server = Redact.Text(detail, new[] { _credential.Password }, 200);
            switch (code)
            {
                case 401:
                    return new OrsException("GaxUnauthorized", OrsErrorKind.SecurityError,
                        $"GAX refused {method} for {what}: the session is not valid even after logging in again. " +
                        server, what);
                case 403:
                    return new OrsException("GaxForbidden", OrsErrorKind.SecurityError,
                        $"GAX forbids {method} for {what}: '{_credential.UserName}' lacks the permission. " +
                        server, what);
                case 404:
                    return new OrsException("ObjectNotFound", OrsErrorKind.NotFound,
                        $"GAX knows no {what}. {server}", what);
                case 409:
                    return new OrsException("StaleWrite", OrsErrorKind.Conflict,
                        $"GAX reports a conflict writing {what}: it changed meanwhile. Read it again and repeat. " +
                        server, what);
                default:
                    string notRepeated = method == HttpMethod.Get ? ""
                        : " The write was not repeated; check the object before trying again.";
                    return new OrsException("GaxServerError", code >= 500 ? OrsErrorKind.WriteError : OrsErrorKind.InvalidOperation,
                        $"GAX answered {code} to {method} for {what}.{notRepeated} {server}", what);
            }
        }

        private static string Inner(Exception e)
        {
            if (e.InnerException is System.Security.Authentication.AuthenticationException tls)
                return tls.Message + " The GAX certificate is not trusted here: trust its issuer, or for a test " +
                    "server give -SkipCertificateCheck.";
            return e.InnerException != null ? e.InnerException.Message : e.Message;
        }
    }
}
