using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace OrsMigration.Upgrade
{
    /// <summary>
    /// The report's SVG timeline: one lane per Application coloured by mode (primary, backup, down), its
    /// version written where it changes, a time axis, and the persisted-session count on its own scale.
    /// </summary>
    internal static class ReportTimeline
    {
        private const int Left = 170, Width = 760, LaneHeight = 22, SessionHeight = 60, Ticks = 6;

        public static string Svg(OrsUpgradeReport r)
        {
            var apps = r.Timeline.Select(t => t.Application).Distinct().ToList();
            if (apps.Count == 0) return "<p>No timeline was recorded.</p>";
            double t0 = r.Started.ToUnixTimeMilliseconds(), t1 = Math.Max(t0 + 1, r.Finished.ToUnixTimeMilliseconds());
            Func<DateTimeOffset, double> x = t => Left + Width * (t.ToUnixTimeMilliseconds() - t0) / (t1 - t0);
            int axisY = 10 + apps.Count * LaneHeight + 4;
            int sessionTop = axisY + 40, sessionBottom = sessionTop + SessionHeight;
            var sb = new StringBuilder();
            sb.AppendFormat(CultureInfo.InvariantCulture, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" " +
                "height=\"{1}\" font-size=\"11\" font-family=\"sans-serif\">", Left + Width + 40, sessionBottom + 30);
            var labels = new StringBuilder();       // drawn last, so no lane covers a version
            for (int i = 0; i < apps.Count; i++) Lane(sb, labels, r, apps[i], 10 + i * LaneHeight, x);
            sb.Append(labels);
            TimeAxis(sb, r, axisY, sessionBottom, x);
            Sessions(sb, r, sessionTop, sessionBottom, x);
            sb.Append("</svg><p><span style=\"color:#2e8b57\">■</span> primary <span style=\"color:#4682b4\">■" +
                "</span> backup <span style=\"color:#bbb\">■</span> stopped; the line: persisted sessions.</p>");
            return sb.ToString();
        }

        private static void Lane(StringBuilder sb, StringBuilder labels, OrsUpgradeReport r, string app, int y,
            Func<DateTimeOffset, double> x)
        {
            sb.AppendFormat(CultureInfo.InvariantCulture, "<text x=\"4\" y=\"{0}\">{1}</text>", y + 14, E(app));
            var points = r.Timeline.Where(t => t.Application == app).OrderBy(t => t.Time).ToList();
            for (int k = 0; k < points.Count; k++)
            {
                double x0 = x(points[k].Time), x1 = k + 1 < points.Count ? x(points[k + 1].Time) : Left + Width;
                string colour = points[k].Status != "Running" ? "#bbb"
                    : points[k].Mode == "Primary" ? "#2e8b57" : "#4682b4";
                sb.AppendFormat(CultureInfo.InvariantCulture, "<rect x=\"{0:0.#}\" y=\"{1}\" width=\"{2:0.#}\" " +
                    "height=\"{3}\" fill=\"{4}\"><title>{5} {6} {7} from {8:HH:mm:ss}</title></rect>", x0, y,
                    Math.Max(1, x1 - x0), LaneHeight - 6, colour, E(points[k].Status), E(points[k].Mode),
                    E(points[k].Version), points[k].Time);
                if (k == 0 || points[k].Version != points[k - 1].Version)
                    labels.AppendFormat(CultureInfo.InvariantCulture, "<text x=\"{0:0.#}\" y=\"{1}\" fill=\"#000\" " +
                        "stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{2}</text>", x0 + 2, y + 12,
                        E(points[k].Version));
            }
        }

        private static void TimeAxis(StringBuilder sb, OrsUpgradeReport r, int y, int bottom,
            Func<DateTimeOffset, double> x)
        {
            sb.AppendFormat(CultureInfo.InvariantCulture, "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" " +
                "stroke=\"#555\"/>", Left, y, Left + Width);
            string format = r.Duration >= TimeSpan.FromDays(1) ? "MM-dd HH:mm" : "HH:mm:ss";
            for (int i = 0; i <= Ticks; i++)
            {
                var t = r.Started + TimeSpan.FromTicks(r.Duration.Ticks * i / Ticks);
                double tx = x(t);
                sb.AppendFormat(CultureInfo.InvariantCulture, "<line x1=\"{0:0.#}\" y1=\"10\" x2=\"{0:0.#}\" " +
                    "y2=\"{1}\" stroke=\"#ddd\"/><text x=\"{0:0.#}\" y=\"{2}\" text-anchor=\"middle\">{3}</text>",
                    tx, bottom, y + 14, t.ToString(format, CultureInfo.InvariantCulture));
            }
            sb.AppendFormat(CultureInfo.InvariantCulture, "<text x=\"4\" y=\"{0}\">time ({1})</text>", y + 14,
                r.Started.Offset == TimeSpan.Zero ? "UTC"
                    : "UTC" + r.Started.ToString("zzz", CultureInfo.InvariantCulture));
        }

        private static void Sessions(StringBuilder sb, OrsUpgradeReport r, int top, int bottom,
            Func<DateTimeOffset, double> x)
        {
            var counts = r.Timeline.GroupBy(t => t.Time).OrderBy(g => g.Key)
                .Select(g => (g.Key, g.First().Sessions)).ToList();
            long max = Math.Max(1, counts.Select(s => s.Sessions).DefaultIfEmpty(1).Max());
            Func<long, double> y = n => bottom - (double)SessionHeight * n / max;
            sb.AppendFormat(CultureInfo.InvariantCulture, "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" " +
                "stroke=\"#555\"/>", Left, top, bottom);
            foreach (long mark in new[] { 0, max / 2, max })
                sb.AppendFormat(CultureInfo.InvariantCulture, "<text x=\"{0}\" y=\"{1:0.#}\" " +
                    "text-anchor=\"end\">{2:N0}" +
                    "</text><line x1=\"{3}\" y1=\"{1:0.#}\" x2=\"{4}\" y2=\"{1:0.#}\" stroke=\"#eee\"/>", Left - 4,
                    y(mark) + 4, mark, Left, Left + Width);
            sb.AppendFormat(CultureInfo.InvariantCulture, "<text x=\"4\" y=\"{0}\">persisted sessions</text>",
                top + 12);
            var line = string.Join(" ", counts.Select(s => string.Format(CultureInfo.InvariantCulture,
                "{0:0.#},{1:0.#}", x(s.Key), y(s.Sessions))));
            sb.AppendFormat(CultureInfo.InvariantCulture, "<polyline fill=\"none\" stroke=\"#d2691e\" " +
                "stroke-width=\"2\" points=\"{0}\"/>", line);
        }

        private static string E(string s) => ReportWriter.E(s);
    }
}
