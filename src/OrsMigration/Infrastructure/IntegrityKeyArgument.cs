using System.Management.Automation;
using System.Net;
using System.Security;
using OrsMigration.Integrity;

namespace OrsMigration.Commands
{
    /// <summary>
    /// -IntegrityKey takes a PSCredential (its password is the secret) or a SecureString, which is
    /// what SecretManagement's Get-Secret returns; a plain string is refused so the secret never
    /// sits in history or a script as text.
    /// </summary>
    public sealed class IntegrityKeyTransformAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject p ? p.BaseObject : inputData;
            if (value is SecureString secure) return new PSCredential("OrsMigration", secure);
            return value;
        }
    }

    internal static class IntegrityKeyArgument
    {
        public static IntegrityKey ToKey(PSCredential credential) =>
            credential == null ? null : IntegrityKey.FromSecret(new NetworkCredential(string.Empty,
                credential.Password).Password);
    }
}
