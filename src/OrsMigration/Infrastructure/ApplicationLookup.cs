using System.Linq;
using OrsMigration.Config;

namespace OrsMigration.Commands
{
    /// <summary>
    /// The Application an input stands for. Objects from the store pass as they are; anything else
    /// PowerShell bound (an object with Name or Dbid, an Import-Csv row, an ApplicationName, a string)
    /// is looked up, by DBID when it has one, else by exact name: never used as it is.
    /// </summary>
    internal static class ApplicationLookup
    {
        public static OrsApplication Resolve(OrsApplication input, OrsConfigConnection connection)
        {
            if (input.FromStore) return input;
            if (connection == null || !connection.IsOpen)
                throw new OrsException("NotConnected", OrsErrorKind.InvalidOperation,
                    $"The Application {Describe(input)} " +
                    "is not one read from a store, and no store is connected to look it up: run " +
                    "Connect-OrsConfigServer first, or pipe Get-OrsApplication output.", input.Name);
            var repository = connection.Repository;
            var found = input.Dbid > 0 ? repository.GetApplication(input.Dbid) : null;
            if (input.Dbid <= 0 && !string.IsNullOrEmpty(input.Name))
            {
                var named = repository.FindApplicationsExact(input.Name);
                if (named.Count > 1)
                    throw new OrsException("ApplicationAmbiguous", OrsErrorKind.InvalidArgument, $"{named.Count} " +
                        $"Applications are named '{input.Name}' ({string.Join(", ", named.Select(a => a.Label))}): " +
                        "give a Dbid, or pipe Get-OrsApplication output.", input.Name);
                found = named.FirstOrDefault();
            }
            bool nameDiffers = found != null && input.Dbid > 0 && !string.IsNullOrEmpty(input.Name)
                && !string.Equals(found.Name, input.Name, System.StringComparison.Ordinal);
            if (found == null || nameDiffers)
                throw new OrsException("ApplicationNotFound", OrsErrorKind.NotFound, $"No Application " +
                    $"{Describe(input)} in {connection.Location}" +
                    $"{(nameDiffers ? $" (dbid {input.Dbid} is {found.Name})" : "")}. Pipe Get-OrsApplication " +
                    "output, or objects whose Name (or Dbid) is an existing Application.",
                    input.Name ?? input.Dbid.ToString());
            return found;
        }

        private static string Describe(OrsApplication input) =>
            string.IsNullOrEmpty(input.Name) ? $"with dbid {input.Dbid}"
            : input.Dbid > 0 ? $"named '{input.Name}' with dbid {input.Dbid}" : $"named '{input.Name}'";
    }
}
