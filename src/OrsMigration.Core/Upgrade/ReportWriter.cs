using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using Newtonsoft.Json;

namespace OrsMigration.Upgrade
{
    /// <summary>Writes an upgrade report as JSON, or as one self-contained HTML page with an SVG timeline.</summary>
    public static class ReportWriter
    {
        public static string Json(OrsUpgradeReport report) => JsonConvert.SerializeObject(report, Formatting.Indented);

        public static string Html(OrsUpgradeReport r)
        {
            var sb = new StringBuilder();
            sb.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>ORS upgrade ").Append(E(r.RunId)).Append("</title><style>")
              .Append("body{font-family:Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 24px}")
              .Append("td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:left}th{background:#eee}.Failed{color:#b00}.Succeeded{color:#070}")
              .Append("</style></head><body>");
            sb.Append("<h1>ORS rolling upgrade to ").Append(E(r.TargetVersion)).Append("</h1>");
            string outcome = E(r.Outcome.ToString());
            sb.Append("<p class=\"").Append(outcome).Append("\"><b>").Append(outcome).Append("</b> — run ")
              .Append(E(r.RunId)).Append(", ").Append(E(r.Strategy)).Append(", ")
              .Append(r.Started.ToString("u", CultureInfo.InvariantCulture))
              .Append(" to ").Append(r.Finished.ToString("u", CultureInfo.InvariantCulture))
              .Append(" (").Append(r.Duration.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)).Append(")</p>");
            if (!string.IsNullOrEmpty(r.Error)) sb.Append("<p class=\"Failed\">").Append(E(r.Error)).Append("</p>");
            sb.Append("<p>Persisted sessions: ").Append(r.SessionsBefore).Append(" before; across switchovers ")
              .Append(r.SessionsCarried).Append(" carried, ").Append(r.SessionsEnded).Append(" ended normally, <b>")
              .Append(r.SessionsLost).Append(" lost</b>, ").Append(r.SessionsUnverified)
              .Append(" unverified (their fate could not be read; not counted as carried).</p>");
            sb.Append("<h2>Timeline</h2>").Append(Svg(r));
            Table(sb, "Nodes", new[] { "Node", "Name", "Outcome", "Failed step", "Message" },
                r.Nodes.Select(n => new[]
                {
                    n.NodeId.ToString(), n.Name, n.Outcome.ToString(), n.FailedStep?.ToString(), n.Message,
                }));
            Table(sb, "Changes", new[] { "Application", "Action", "Section", "Name", "Old", "New", "In effect" },
                r.Changes.Select(c => new[]
                {
                    c.ApplicationName, c.Action.ToString(), c.Section, c.Name, c.OldValue, c.NewValue,
                    c.Applied ? "yes" : "no: " + c.Reason,
                }));
            Table(sb, "Steps", new[] { "#", "Time", "Node", "Application", "Step", "Event", "Facts" },
                r.Steps.Select(s => new[]
                {
                    s.Sequence.ToString(), s.Time.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture),
                    s.NodeId.ToString(), s.Application, s.Step.ToString(), s.Event.ToString(),
                    string.Join("; ", s.Facts.Select(f => f.Key + "=" + f.Value)),
                }));
            sb.Append("</body></html>");
            return sb.ToString();
        }

        /// <summary>One lane per Application coloured by mode (primary, backup, down), its version written on each change; the session count drawn over them.</summary>
        private static string Svg(OrsUpgradeReport r)
        {
            var apps = r.Timeline.Select(t => t.Application).Distinct().ToList();
            if (apps.Count == 0) return "<p>No timeline was recorded.</p>";
            double t0 = r.Started.ToUnixTimeMilliseconds(), t1 = Math.Max(t0 + 1, r.Finished.ToUnixTimeMilliseconds());
            const int left = 170, width = 760, lane = 22;
            int height = apps.Count * lane + 90;
            var sb = new StringBuilder();
            sb.AppendFormat(CultureInfo.InvariantCulture, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" font-size=\"11\">", left + width + 20, height);
            for (int i = 0; i < apps.Count; i++)
            {
                int y = 10 + i * lane;
                sb.AppendFormat(CultureInfo.InvariantCulture, "<text x=\"4\" y=\"{0}\">{1}</text>", y + 14, E(apps[i]));
                var points = r.Timeline.Where(t => t.Application == apps[i]).OrderBy(t => t.Time).ToList();
                for (int k = 0; k < points.Count; k++)
                {
                    double x0 = left + width * (points[k].Time.ToUnixTimeMilliseconds() - t0) / (t1 - t0);
                    double x1 = k + 1 < points.Count ? left + width * (points[k + 1].Time.ToUnixTimeMilliseconds() - t0) / (t1 - t0) : left + width;
                    string colour = points[k].Status != "Running" ? "#bbb" : points[k].Mode == "Primary" ? "#2e8b57" : "#4682b4";
                    sb.AppendFormat(CultureInfo.InvariantCulture, "<rect x=\"{0:0.#}\" y=\"{1}\" width=\"{2:0.#}\" height=\"{3}\" fill=\"{4}\"><title>{5} {6} {7}</title></rect>",
                        x0, y, Math.Max(1, x1 - x0), lane - 6, colour, E(points[k].Status), E(points[k].Mode), E(points[k].Version));
                    if (k == 0 || points[k].Version != points[k - 1].Version)
                        sb.AppendFormat(CultureInfo.InvariantCulture, "<text x=\"{0:0.#}\" y=\"{1}\" fill=\"#fff\">{2}</text>", x0 + 2, y + 12, E(points[k].Version));
                }
            }
            var sessions = r.Timeline.GroupBy(t => t.Time).OrderBy(g => g.Key).Select(g => (g.Key, g.First().Sessions)).ToList();
            long max = Math.Max(1, sessions.Select(s => s.Sessions).DefaultIfEmpty(1).Max());
            int baseY = 10 + apps.Count * lane + 60;
            var line = string.Join(" ", sessions.Select(s => string.Format(CultureInfo.InvariantCulture, "{0:0.#},{1:0.#}",
                left + width * (s.Key.ToUnixTimeMilliseconds() - t0) / (t1 - t0), baseY - 50.0 * s.Sessions / max)));
            sb.AppendFormat(CultureInfo.InvariantCulture, "<polyline fill=\"none\" stroke=\"#d2691e\" stroke-width=\"2\" points=\"{0}\"/>", line);
            sb.AppendFormat(CultureInfo.InvariantCulture, "<text x=\"4\" y=\"{0}\">persisted sessions (max {1})</text>", baseY - 20, max);
            sb.Append("</svg><p><span style=\"color:#2e8b57\">■</span> primary <span style=\"color:#4682b4\">■</span> backup <span style=\"color:#bbb\">■</span> stopped</p>");
            return sb.ToString();
        }

        private static void Table(StringBuilder sb, string title, string[] headers, IEnumerable<string[]> rows)
        {
            sb.Append("<h2>").Append(E(title)).Append("</h2><table><tr>");
            foreach (var h in headers) sb.Append("<th>").Append(E(h)).Append("</th>");
            sb.Append("</tr>");
            foreach (var row in rows)
            {
                sb.Append("<tr>");
                foreach (var cell in row) sb.Append("<td>").Append(E(cell)).Append("</td>");
                sb.Append("</tr>");
            }
            sb.Append("</table>");
        }

        private static string E(string s) => WebUtility.HtmlEncode(s ?? string.Empty);
    }
}
