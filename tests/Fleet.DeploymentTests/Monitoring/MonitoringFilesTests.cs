using System.Text.Json;
using System.Text.RegularExpressions;
using Fleet.DeploymentTests.Support;
using Fleet.Infrastructure.Telemetry;
using YamlDotNet.RepresentationModel;

namespace Fleet.DeploymentTests.Monitoring;

/// <summary>
/// charts/fleet/files: the Grafana dashboard parses and every query names metrics Fleet exports (the names in
/// <see cref="FleetMetrics.Exported"/>, which tests/Fleet.Tests finds in a real scrape); the alert rules parse, are
/// complete, and name Fleet's metrics too. The chart's templates read both files by these names.
/// </summary>
public sealed partial class MonitoringFilesTests
{
    private static readonly string Files = Repo.Path("charts", "fleet", "files");

    /// <summary>Fleet's histograms, scraped as _bucket, _sum and _count series.</summary>
    private static readonly string[] Histograms = ["fleet_stage_seconds", "fleet_ocr_confidence"];

    private static readonly HashSet<string> Exported = FleetMetrics.Exported
        .SelectMany(name => Histograms.Contains(name) ? new[] { name + "_bucket", name + "_sum", name + "_count" } : [name])
        .ToHashSet(StringComparer.Ordinal);

    [Test]
    public void The_chart_reads_the_dashboard_and_the_alerts_by_these_names()
    {
        var templates = Path.Combine(Repo.Path("charts", "fleet", "templates"));
        Assert.That(File.ReadAllText(Path.Combine(templates, "grafana-dashboard.yaml")), Does.Contain("files/grafana-dashboard.json"));
        Assert.That(File.ReadAllText(Path.Combine(templates, "prometheusrule.yaml")), Does.Contain("files/prometheus-alerts.yaml"));
        Assert.That(File.Exists(Path.Combine(Files, "grafana-dashboard.json")), Is.True);
        Assert.That(File.Exists(Path.Combine(Files, "prometheus-alerts.yaml")), Is.True);
    }

    [Test]
    public void The_dashboard_parses_and_every_query_names_metrics_fleet_exports()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Files, "grafana-dashboard.json")));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();
        var titles = panels.Select(p => p.GetProperty("title").GetString()!).ToList();
        var queries = panels.SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!)).ToList();

        Assert.That(dashboard.RootElement.GetProperty("uid").GetString(), Is.Not.Empty);
        foreach (var wanted in new[] { "Queue depth", "Oldest message age", "Pages/s", "Stage latency", "Failures", "Workers" })
            Assert.That(titles, Has.Some.StartsWith(wanted), $"a panel for {wanted}");
        Assert.That(queries, Has.Count.GreaterThanOrEqualTo(12));
        Assert.That(queries.SelectMany(q => MetricNames(q).Select(m => (Query: q, Metric: m))).Where(x => !Exported.Contains(x.Metric))
            .Select(x => $"{x.Metric} in {x.Query}"), Is.Empty);
        Assert.That(queries.All(q => MetricNames(q).Any()), Is.True, "every query names a metric");
    }

    [Test]
    public void The_alert_rules_parse_are_complete_and_name_metrics_fleet_exports()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Files, "prometheus-alerts.yaml"))));
        var rules = ((YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode)["groups"]).Children
            .SelectMany(g => ((YamlSequenceNode)((YamlMappingNode)g)["rules"]).Children.Cast<YamlMappingNode>())
            .ToList();
        string Scalar(YamlMappingNode node, string key) => node.Children.TryGetValue(key, out var value) ? ((YamlScalarNode)value).Value ?? "" : "";

        var alerts = rules.Select(r => Scalar(r, "alert")).ToList();
        Assert.That(alerts, Is.SupersetOf(new[] { "FleetQueueMessageTooOld", "FleetErrorQueueNotEmpty", "FleetNoChunkConsumers", "FleetPageFailureRatioHigh" }));
        foreach (var rule in rules)
        {
            var name = Scalar(rule, "alert");
            Assert.That(Scalar(rule, "for"), Does.Match(@"^\d+[smh]$"), name);
            Assert.That(Scalar((YamlMappingNode)rule["labels"], "severity"), Is.AnyOf("warning", "critical"), name);
            Assert.That(Scalar((YamlMappingNode)rule["annotations"], "summary"), Is.Not.Empty, name);
            var metrics = MetricNames(Scalar(rule, "expr")).ToList();
            Assert.That(metrics, Is.Not.Empty, name);
            Assert.That(metrics.Where(m => !Exported.Contains(m)), Is.Empty, name);
        }
        var noConsumers = Scalar(rules.Single(r => Scalar(r, "alert") == "FleetNoChunkConsumers"), "expr");
        Assert.That(noConsumers, Does.Contain("fleet_queue_consumers{queue=\"process-page-chunk\"}").And.Contain("fleet_queue_depth{queue=\"process-page-chunk\"}"));
    }

    [TestCase("sum by (queue) (rate(fleet_pages_total{outcome=\"failed\"}[5m])) / sum(rate(fleet_pages_total[5m])) > 0.05", "fleet_pages_total")]
    [TestCase("histogram_quantile(0.95, sum by (le, stage) (rate(fleet_stage_seconds_bucket[5m])))", "fleet_stage_seconds_bucket")]
    [TestCase("max(a_metric) > 0 and max(b_metric{queue=~\".*_error\"}) == 0", "a_metric,b_metric")]
    public void Metric_names_are_read_from_a_query(string query, string names) =>
        Assert.That(MetricNames(query), Is.EquivalentTo(names.Split(',')));

    /// <summary>The metric names in a PromQL expression: identifiers that are not functions, keywords, labels or durations.</summary>
    private static IEnumerable<string> MetricNames(string query)
    {
        var bare = LabelMatchers().Replace(query, "");
        bare = Grouping().Replace(bare, "");
        bare = Ranges().Replace(bare, "");
        bare = Strings().Replace(bare, "");
        return Identifier().Matches(bare)
            .Where(m => !Keywords.Contains(m.Value) && !bare[(m.Index + m.Length)..].TrimStart().StartsWith('('))
            .Select(m => m.Value)
            .Distinct();
    }

    private static readonly HashSet<string> Keywords = ["and", "or", "unless", "bool", "offset", "on", "ignoring", "group_left", "group_right", "inf", "nan"];

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\b(by|without|on|ignoring)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}
