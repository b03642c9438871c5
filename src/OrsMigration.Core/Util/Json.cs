using System.IO;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OrsMigration.Util
{
    internal static class Json
    {
        /// <summary>Parses without turning date-like strings into dates, so values come back as written.</summary>
        public static JObject ParseObject(string text)
        {
            using (var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal })
            {
                var token = JToken.ReadFrom(reader);
                if (reader.Read() && reader.TokenType != JsonToken.Comment)
                    throw new JsonReaderException("Additional text after the JSON object.");
                return token as JObject ?? throw new JsonReaderException($"Expected a JSON object, found {token.Type}.");
            }
        }
    }
}
