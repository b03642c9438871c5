using System;
using System.IO;
using System.Linq;
using OrsMigration.Cfg;
using OrsMigration.Config;
using OrsMigration.Util;

namespace OrsMigration.Export
{
    /// <summary>
    /// Writes one Application's export: &lt;name&gt;.cfg (or .conf) with its options and
    /// &lt;name&gt;.snapshot.json with the whole object. The caller records the returned entry in
    /// the folder's manifest; until then Restore refuses the files, which is the safe side.
    /// </summary>
    public static class ConfigExporter
    {
        public static OrsConfigExport Export(OrsApplication app, string folder, CfgFlavor flavor, bool overwrite)
        {
            folder = Path.GetFullPath(folder);
            string baseName = FileBaseName(app);
            string cfgPath = Path.Combine(folder, baseName + (flavor == CfgFlavor.Conf ? ".conf" : ".cfg"));
            string snapshotPath = Path.Combine(folder, baseName + ".snapshot.json");
            if (!overwrite && (File.Exists(cfgPath) || File.Exists(snapshotPath)))
                throw new OrsException("ExportExists", OrsErrorKind.ResourceExists,
                    $"An export of {app.Label} already exists at '{(File.Exists(cfgPath) ? cfgPath : snapshotPath)}'. Use -Force to overwrite it, or export into another folder.", app);

            // Both files are rendered before either is written, so a value the .cfg format
            // cannot hold stops the export before anything lands on disk.
            byte[] cfg;
            try { cfg = CfgWriter.ToBytes(app.Options, flavor, CfgEncoding.Utf8, app.Label); }
            catch (CfgWriteException e)
            {
                throw new OrsException("ExportValueInvalid", OrsErrorKind.InvalidData, e.Message + " Nothing was exported for it.", app, e);
            }
            byte[] snapshot = FileConfigStore.Serialize(ApplicationMapper.ToJson(app));
            Directory.CreateDirectory(folder);
            AtomicFile.WriteAllBytes(cfgPath, cfg);
            AtomicFile.WriteAllBytes(snapshotPath, snapshot);
            return new OrsConfigExport
            {
                Path = cfgPath,
                SnapshotPath = snapshotPath,
                ManifestPath = Path.Combine(folder, ExportManifest.FileName),
                ApplicationName = app.Name,
                ApplicationDbid = app.Dbid,
                Version = app.Version,
                Sha256 = AtomicFile.Sha256Hex(cfg),
                SnapshotSha256 = AtomicFile.Sha256Hex(snapshot),
                ExportedAt = DateTimeOffset.UtcNow,
                Source = app.Source,
            };
        }

        /// <summary>
        /// The Application name when it is a safe file name everywhere; otherwise the name with
        /// unsafe characters replaced and the DBID appended, so two names never share a file.
        /// </summary>
        public static string FileBaseName(OrsApplication app)
        {
            var invalid = Path.GetInvalidFileNameChars().Concat("<>:\"/\\|?*").ToArray();
            string name = app.Name ?? string.Empty;
            string safe = new string(name.Select(c => c < 32 || invalid.Contains(c) ? '_' : c).ToArray()).Trim().TrimEnd('.');
            return safe.Length > 0 && safe == name ? name : $"{(safe.Length > 0 ? safe : "Application")}_dbid{app.Dbid}";
        }
    }
}
