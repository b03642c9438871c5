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
            sb.Append("<h2>Pre-flight</h2>");
            if (r.Preflight.Count == 0) sb.Append("<p>The plan raised no warning.</p>");
            else sb.Append("<ul>").Append(string.Concat(r.Preflight.Select(w => "<li>" + E(w) + "</li>")))
                   .Append("</ul>");
            Policy(sb, r);
            Sessions(sb, r);
            sb.Append("<h2>Timeline</h2>").Append(ReportTimeline.Svg(r));
            var durations = StepDurations.Of(r.Steps);
            Table(sb, "Nodes", new[] { "Node", "Name", "Outcome", "Duration", "Failed step", "Message" },
                r.Nodes.Select(n => new[]
                {
                    n.NodeId.ToString(), n.Name, n.Outcome.ToString(),
                    Format(StepDurations.OfNode(durations, n.NodeId)), n.FailedStep?.ToString(), n.Message,
                }));
            Table(sb, "Step durations", new[] { "Started", "Node", "Application", "Step", "Duration", "Ended" },
                durations.Select(d => new[]
                {
                    d.Started.ToString("HH:mm:ss", CultureInfo.InvariantCulture), d.NodeId.ToString(), d.Application,
                    d.Step.ToString(), Format(d.Duration), d.Ended?.ToString() ?? "not ended (run stopped here)",
                }));
            Table(sb, "Changes", new[] { "Application", "Action", "Option", "Old", "New", "In effect" },
                r.Changes.Select(c => new[]
                {
                    c.ApplicationName, c.Action.ToString(), c.Option, c.OldValue, c.NewValue,
                    c.Applied ? "yes" : "no: " + c.Reason,
                }));
            Table(sb, "Steps", new[] { "#", "Time", "Node", "Application", "Step", "Event", "Facts" },
                r.Steps.Select(s => new[]
                {
                    s.Sequence.ToString(), s.Time.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture),
                    s.NodeId.ToString(), s.Application, s.Step.ToString(), s.Event.ToString(),
                    // The changes a step made are in the Changes table, in words; not repeated as raw data here.
                    string.Join("; ", s.Facts.Where(f => f.Key != ChangeFacts.Key).Select(f => f.Key + "=" + f.Value)),
                }));
            sb.Append("</body></html>");
            return sb.ToString();
        }

        /// <summary>The policies the run went by, and how long the cluster was on more than one version.</summary>
        private static void Policy(StringBuilder sb, OrsUpgradeReport r)
        {
            sb.Append("<h2>Policy and mixed versions</h2><ul>");
            foreach (var line in r.Policy) sb.Append("<li>").Append(E(line)).Append("</li>");
            string mixed = r.MixedVersions.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
            sb.Append("<li>The cluster ran with more than one ORS version for ").Append(mixed)
              .Append(r.MixedVersionsAtEnd ? ", and still did when this run ended." : ".").Append("</li></ul>");
        }

        /// <summary>The session counts in plain words, saying what each one counts.</summary>
        private static void Sessions(StringBuilder sb, OrsUpgradeReport r)
        {
            sb.Append("<h2>Sessions</h2><table>");
            Row(sb, "Before", r.SessionsBefore, "persisted sessions when the run started");
            Row(sb, "Carried", r.SessionsCarried, "recovered by the new primary at a switchover; counted at each " +
                "switchover, so a session that lived through several counts several times (and the total can " +
                "exceed Before)");
            Row(sb, "Ended", r.SessionsEnded, "finished normally during a switchover (a call that ended)");
            Row(sb, "Lost", r.SessionsLost, "gone at a switchover without having ended: what the run must avoid");
            Row(sb, "Unverified", r.SessionsUnverified, "their fate could not be read; not counted as carried");
            sb.Append("</table>");
        }

        private static void Row(StringBuilder sb, string what, long count, string meaning) =>
            sb.Append("<tr><th>").Append(E(what)).Append("</th><td style=\"text-align:right\">")
              .Append(count.ToString("N0", CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(meaning))
              .Append("</td></tr>");

        private static string Format(TimeSpan? d) =>
            d == null ? "" : d.Value.ToString(d.Value >= TimeSpan.FromHours(1) ? @"h\:mm\:ss" : @"m\:ss\.f",
                CultureInfo.InvariantCulture);

        /// <summary>One row per step with its duration: for a spreadsheet attached to a change ticket.</summary>
        public static string Csv(OrsUpgradeReport r)
        {
            var sb = new StringBuilder("RunId,Node,Application,Step,Started,DurationSeconds,Ended\r\n");
            foreach (var d in StepDurations.Of(r.Steps))
                sb.Append(string.Join(",", new[]
                {
                    r.RunId, d.NodeId.ToString(CultureInfo.InvariantCulture), d.Application, d.Step.ToString(),
                    d.Started.ToString("o", CultureInfo.InvariantCulture),
                    d.Duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture), d.Ended?.ToString() ?? "",
                }.Select(CsvField))).Append("\r\n");
            return sb.ToString();
        }

        /// <summary>RFC 4180 quoting; a leading =, +, - or @ gets a ' so no spreadsheet runs a formula.</summary>
        private static string CsvField(string value)
        {
            string v = value ?? string.Empty;
            if (v.Length > 0 && "=+-@".IndexOf(v[0]) >= 0) v = "'" + v;
            return v.IndexOfAny(new[] { ',', '"', '\r', '\n' }) >= 0 ? "\"" + v.Replace("\"", "\"\"") + "\"" : v;
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

        internal static string E(string s) => WebUtility.HtmlEncode(s ?? string.Empty);
    }
}
