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
            using (var reader = Reader(new StringReader(text)))
            {
                var token = JToken.ReadFrom(reader);
                if (reader.Read() && reader.TokenType != JsonToken.Comment)
                    throw new JsonReaderException("Additional text after the JSON object.");
                return token as JObject ?? throw new JsonReaderException($"Expected a JSON object, found {token.Type}.");
            }
        }

        /// <summary>A reader that keeps values as written: no dates made of strings, decimals kept exact.</summary>
        public static JsonTextReader Reader(TextReader text) => new JsonTextReader(text)
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
        };

        /// <summary>Moves to the next token that is not a comment; false at the end.</summary>
        public static bool ReadContent(JsonReader reader)
        {
            while (reader.Read())
                if (reader.TokenType != JsonToken.Comment) return true;
            return false;
        }
    }
}
