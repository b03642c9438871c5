using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace OrsMigration.Util
{
    /// <summary>
    /// Makes text from a server or a tool fit for an error message: every form of a secret it may
    /// echo (as sent, JSON-escaped, URL-encoded, Base64) and anything labelled as a password is
    /// masked, control characters dropped, and the length capped.
    /// </summary>
    internal static class Redact
    {
        public const string Mask = "********";
        private static readonly Regex Labelled = new Regex(
            "(\"?(?:password|passwd|pwd|secret|cspassword)\"?\\s*[:=]\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s&,;}]+)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static string Text(string text, IEnumerable<string> secrets = null, int maxLength = 300)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            text = Labelled.Replace(Secrets(text, secrets), m => m.Groups[1].Value + Mask);
            var clean = new StringBuilder(Math.Min(text.Length, maxLength + 1));
            foreach (char c in text)
            {
                if (clean.Length > maxLength) break;
                clean.Append(char.IsControl(c) ? ' ' : c);
            }
            string result = clean.ToString().Trim();
            return result.Length > maxLength ? result.Substring(0, maxLength) + "..." : result;
        }

        /// <summary>
        /// Only the secrets masked, in every form; the text otherwise as it was (a tool's output to parse).
        /// </summary>
        public static string Secrets(string text, IEnumerable<string> secrets)
        {
            if (string.IsNullOrEmpty(text)) return text ?? string.Empty;
            foreach (var form in (secrets ?? Enumerable.Empty<string>()).Where(s
                => !string.IsNullOrEmpty(s)).SelectMany(Forms).Distinct())
                text = text.Replace(form, Mask);
            return text;
        }

        private static IEnumerable<string> Forms(string secret)
        {
            yield return secret;
            string json = Newtonsoft.Json.JsonConvert.ToString(secret);
            yield return json.Substring(1, json.Length - 2);
            yield return Uri.EscapeDataString(secret);
            yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)).TrimEnd('=');
        }
    }
}
