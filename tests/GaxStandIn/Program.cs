using System.Collections.Generic;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;
using OrsMigration.Config;

// The GAX REST API as the project's reference describes it (observed in public clients, not an official
// contract), backed by file stores: /s/<store>/gax/api/... serves the store folder <root>/<store>.
// Cookie sessions that expire, 401 without a session, 404 for unknown dbids, a mode failing every Nth
// call, slow responses. Loopback only. Usage: GaxStandIn --root DIR --port N [--user U --password P]
// [--session-seconds S] [--fail-every N] [--delay-ms N] [--cert PFX]
// Hostile answers to the login, for the secrets tests: [--login-echo-status N] answers status N with the
// request body echoed back; [--login-redirect URL] answers 307 to URL.
var opts = Args(args);
string root = opts["root"];
string user = opts.GetValueOrDefault("user", "admin"), password = opts.GetValueOrDefault("password", "admin");
var sessionLife = TimeSpan.FromSeconds(double.Parse(opts.GetValueOrDefault("session-seconds", "600")));
int failEvery = int.Parse(opts.GetValueOrDefault("fail-every", "0"));
int delayMs = int.Parse(opts.GetValueOrDefault("delay-ms", "0"));
int failPuts = int.Parse(opts.GetValueOrDefault("fail-put", "0"));
int loginEchoStatus = int.Parse(opts.GetValueOrDefault("login-echo-status", "0"));
string loginRedirect = opts.GetValueOrDefault("login-redirect", null);
var sessions = new ConcurrentDictionary<string, DateTime>();
long calls = 0;
var stats = new ConcurrentDictionary<string, long>();

var builder = WebApplication.CreateBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, int.Parse(opts["port"]), l =>
{
    if (opts.TryGetValue("cert", out var pfx)) l.UseHttps(pfx, opts.GetValueOrDefault("cert-password", ""));
}));
var app = builder.Build();

app.Use(async (ctx, next) =>
{
    if (delayMs > 0 && !ctx.Request.Path.Value.StartsWith("/stats")) await System.Threading.Tasks.Task.Delay(delayMs);
    long n = Interlocked.Increment(ref calls);
    if (!ctx.Request.Path.Value.StartsWith("/stats")) stats.AddOrUpdate(ctx.Request.Method, 1, (_, v) => v + 1);
    if (ctx.Request.Method == "PUT" && Interlocked.Decrement(ref failPuts) >= 0)
    {
        ctx.Response.StatusCode = 500;
        await ctx.Response.WriteAsync("{\"message\":\"injected failure of a write\"}");
        return;
    }
    if (ctx.Request.Path.Value.EndsWith("/session/login") && loginRedirect != null)
    {
        ctx.Response.StatusCode = 307;
        ctx.Response.Headers.Location = loginRedirect;
        return;
    }
    if (ctx.Request.Path.Value.EndsWith("/session/login") && loginEchoStatus > 0)
    {
        string sent = await new StreamReader(ctx.Request.Body).ReadToEndAsync();
        ctx.Response.StatusCode = loginEchoStatus;
        await ctx.Response.WriteAsync("Bad request: could not process " + sent + " (password=" + password + ")");
        return;
    }
    if (failEvery > 0 && n % failEvery == 0 && !ctx.Request.Path.Value.EndsWith("/session/login") && !ctx.Request.Path.Value.StartsWith("/stats"))
    {
        ctx.Response.StatusCode = 503;
        await ctx.Response.WriteAsync("{\"message\":\"injected failure\"}");
        return;
    }
    await next();
});

app.MapGet("/stats", () => Results.Text(JObject.FromObject(stats).ToString(), "application/json"));

app.MapPost("/s/{store}/gax/api/session/login", async (string store, HttpContext ctx) =>
{
    var body = JObject.Parse(await new StreamReader(ctx.Request.Body).ReadToEndAsync());
    if ((string)body["username"] != user || (string)body["password"] != password)
        return Results.Json(new { message = "Invalid username or password" }, statusCode: 401);
    stats.AddOrUpdate("login", 1, (_, v) => v + 1);
    string id = Guid.NewGuid().ToString("N");
    sessions[id] = DateTime.UtcNow + sessionLife;
    ctx.Response.Cookies.Append("JSESSIONID", id, new CookieOptions { Path = "/", HttpOnly = true });
    return Results.Json(new { username = user, sessionTimeout = sessionLife.TotalSeconds });
});

app.MapPost("/s/{store}/gax/api/session/logout", (string store, HttpContext ctx) =>
{
    if (ctx.Request.Cookies.TryGetValue("JSESSIONID", out var id) && sessions.TryRemove(id, out _))
        stats.AddOrUpdate("logout", 1, (_, v) => v + 1);
    return Results.Ok();
});

app.MapGet("/s/{store}/gax/api/cfg/objects", (string store, string type, string name, HttpContext ctx) =>
{
    if (!Authorized(ctx)) return Unauthorized();
    var s = Store(store);
    if (s == null) return Results.NotFound();
    // The name filter is exact and case-sensitive here: the module must not rely on GAX ignoring case.
    stats.AddOrUpdate(name == null ? "list" : "list-by-name", 1, (_, v) => v + 1);
    var list = new JArray(s.List(type ?? CfgTypes.Application, null).Where(o => name == null || o.Name == name).Select(o => o.Json));
    return Results.Text(list.ToString(), "application/json");
});

app.MapGet("/s/{store}/gax/api/cfg/objects/{type}/{dbid:int}", (string store, string type, int dbid, HttpContext ctx) =>
{
    if (!Authorized(ctx)) return Unauthorized();
    var obj = Store(store)?.Get(type, dbid);
    return obj == null ? Results.Json(new { message = $"{type} {dbid} not found" }, statusCode: 404) : Results.Text(obj.Json.ToString(), "application/json");
});

app.MapPut("/s/{store}/gax/api/cfg/objects/{type}/{dbid:int}", async (string store, string type, int dbid, HttpContext ctx) =>
{
    if (!Authorized(ctx)) return Unauthorized();
    var s = Store(store);
    var current = s?.Get(type, dbid);
    if (current == null) return Results.Json(new { message = $"{type} {dbid} not found" }, statusCode: 404);
    var json = OrsMigration.Util.Json.ParseObject(await new StreamReader(ctx.Request.Body).ReadToEndAsync());
    s.Update(new CfgObject(type, dbid, json, current.Revision));
    stats.AddOrUpdate("applied-put", 1, (_, v) => v + 1);   // writes that reached the store, to catch duplicates
    return Results.Text(json.ToString(), "application/json");
});

app.MapPost("/s/{store}/gax/api/cfg/objects", async (string store, HttpContext ctx) =>
{
    if (!Authorized(ctx)) return Unauthorized();
    var json = OrsMigration.Util.Json.ParseObject(await new StreamReader(ctx.Request.Body).ReadToEndAsync());
    var created = Store(store).Create((string)json["type"], json);
    return Results.Text(created.Json.ToString(), "application/json");
});

app.MapDelete("/s/{store}/gax/api/cfg/objects/{type}/{dbid:int}", (string store, string type, int dbid, HttpContext ctx) =>
{
    if (!Authorized(ctx)) return Unauthorized();
    var s = Store(store);
    var current = s?.Get(type, dbid);
    if (current == null) return Results.Json(new { message = $"{type} {dbid} not found" }, statusCode: 404);
    s.Delete(current);
    return Results.Ok();
});

app.Lifetime.ApplicationStarted.Register(() => { Console.WriteLine("READY"); Console.Out.Flush(); });
app.Run();

bool Authorized(HttpContext ctx) =>
    ctx.Request.Cookies.TryGetValue("JSESSIONID", out var id) && sessions.TryGetValue(id, out var until) && until > DateTime.UtcNow;

IResult Unauthorized() => Results.Json(new { message = "No valid session" }, statusCode: 401);

FileConfigStore Store(string name)
{
    string path = Path.Combine(root, name);
    return Directory.Exists(path) ? new FileConfigStore(path) : null;
}

static System.Collections.Generic.Dictionary<string, string> Args(string[] a)
{
    var d = new System.Collections.Generic.Dictionary<string, string>();
    for (int i = 0; i + 1 < a.Length; i += 2) d[a[i].TrimStart('-')] = a[i + 1];
    return d;
}
