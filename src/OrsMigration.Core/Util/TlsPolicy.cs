using System;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Authentication;

namespace OrsMigration.Util
{
    /// <summary>
    /// The TLS versions the module's clients offer: 1.2 and later, on every runtime. Windows
    /// PowerShell 5.1 runs on .NET Framework, whose defaults for an application built like
    /// powershell.exe can still mean TLS 1.0.
    /// </summary>
    internal static class TlsPolicy
    {
        private const SslProtocols Tls13 = (SslProtocols)12288;
        private const SecurityProtocolType HttpTls12 = (SecurityProtocolType)3072;

        public static bool OnNetFramework => IsNetFramework(RuntimeInformation.FrameworkDescription);

        internal static bool IsNetFramework(string description) =>
            description != null && description.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        /// <summary>For SslStream (CQL): TLS 1.2 and 1.3; on .NET Framework 1.2 (older Windows refuses 1.3).</summary>
        public static SslProtocols ClientProtocols => ProtocolsFor(RuntimeInformation.FrameworkDescription);

        internal static SslProtocols ProtocolsFor(string description) =>
            IsNetFramework(description) ? SslProtocols.Tls12 : SslProtocols.Tls12 | Tls13;

        /// <summary>
        /// For HttpClient (GAX) on .NET Framework: adds TLS 1.2 to the process's protocols unless the
        /// system default is in force (then Windows chooses, which includes 1.2).
        /// </summary>
        public static void EnableTls12ForHttp()
        {
            if (OnNetFramework) ServicePointManager.SecurityProtocol = WithTls12(ServicePointManager.SecurityProtocol);
        }

        internal static SecurityProtocolType WithTls12(SecurityProtocolType current) =>
            current == 0 ? current : current | HttpTls12;
    }
}
