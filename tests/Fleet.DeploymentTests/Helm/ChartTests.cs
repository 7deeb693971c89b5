using System.Text.RegularExpressions;
using Fleet.DeploymentTests.Support;
using Fleet.Infrastructure.Messaging;
using YamlDotNet.RepresentationModel;

namespace Fleet.DeploymentTests.Helm;

/// <summary>charts/fleet without a helm binary: the values the templates read exist, settings are Fleet's, the scaler and the grace period are right.</summary>
public sealed partial class ChartTests
{
    private static readonly string Chart = Repo.Path("charts", "fleet");
    private readonly YamlMappingNode values = Yaml.Load(Path.Combine(Chart, "values.yaml"));

    private static Dictionary<string, string> Templates() =>
        Directory.GetFiles(Path.Combine(Chart, "templates")).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

    [Test]
    public void Every_value_a_template_reads_exists_in_values_yaml()
    {
        var used = Templates().SelectMany(t => ValuesPath().Matches(t.Value).Select(m => (Template: t.Key, Path: m.Groups[1].Value))).ToList();
        Assert.That(used, Has.Count.GreaterThan(40));
        Assert.That(used.Where(u => !values.HasPath(u.Path)).Select(u => $"{u.Template}: .Values.{u.Path}"), Is.Empty);
    }

    [Test]
    public void Every_value_is_documented_in_the_charts_readme()
    {
        var readme = File.ReadAllText(Path.Combine(Chart, "README.md"));
        // A group documented as a whole (`api.resources`) covers its members.
        static IEnumerable<string> SelfAndGroups(string path)
        {
            var parts = path.Split('.');
            return Enumerable.Range(1, parts.Length).Select(n => string.Join('.', parts.Take(n)));
        }
        Assert.That(values.LeafPaths().Where(p => !SelfAndGroups(p).Any(g => readme.Contains($"`{g}`"))), Is.Empty);
    }

    [Test]
    public void Every_fleet_setting_the_templates_set_is_a_setting_of_fleets_options()
    {
        var keys = Templates().Values.SelectMany(t => Regex.Matches(t, @"name:\s*(Fleet__\w+)").Select(m => m.Groups[1].Value)).Distinct().ToList();
        Assert.That(keys, Has.Count.GreaterThan(10));
        Assert.That(keys.Select(FleetSettings.Problem).OfType<string>(), Is.Empty);
    }

    [Test]
    public void Keda_scales_workers_on_the_chunk_queues_ready_and_unacked_messages_down_to_zero()
    {
        var scaledObject = Templates()["worker-scaledobject.yaml"];
        Assert.That(scaledObject, Does.Contain("kind: ScaledObject").And.Contain("type: rabbitmq"));
        Assert.That(scaledObject, Does.Contain($"queueName: {ChunkQueue.Name}"));
        // Through the management API (http) KEDA's QueueLength is RabbitMQ's "messages": ready + unacknowledged.
        Assert.That(scaledObject, Does.Contain("protocol: http").And.Contain("mode: QueueLength"));
        Assert.That(scaledObject, Does.Contain("minReplicaCount: {{ .Values.worker.autoscaling.minReplicas }}"));
        Assert.That(values.Map("worker").Map("autoscaling").Scalar("minReplicas"), Is.EqualTo("0"));
    }

    [Test]
    public void A_worker_pod_outlives_its_shutdown_grace_so_scale_down_loses_no_chunk()
    {
        var worker = Templates()["worker.yaml"];
        Assert.That(worker, Does.Contain("{{- $grace := int .Values.worker.shutdownGraceSeconds -}}"));
        Assert.That(worker, Does.Contain("terminationGracePeriodSeconds: {{ add $grace 30 }}"));
        Assert.That(worker, Does.Contain("- name: Fleet__Worker__ShutdownGrace"));
        var grace = int.Parse(values.Map("worker").Scalar("shutdownGraceSeconds")!);
        Assert.That(grace, Is.InRange(1, 3600), "WorkerOptions.ShutdownGrace allows 00:00:01-01:00:00");
    }

    [Test]
    public void The_gpu_worker_requests_an_nvidia_gpu()
    {
        var worker = Templates()["worker.yaml"];
        Assert.That(worker, Does.Match(@"if \.Values\.worker\.gpu\.enabled \}\}\s*nvidia\.com/gpu: \{\{ \.Values\.worker\.gpu\.count \}\}"));
        Assert.That(worker, Does.Contain("\"fleet-worker-gpu\" \"fleet-worker\" .Values.worker.gpu.enabled"));
    }

    [TestCase("api.yaml")]
    [TestCase("orchestrator.yaml")]
    [TestCase("worker.yaml")]
    public void Every_role_has_probes_resources_a_disruption_budget_and_a_read_only_root(string template)
    {
        var text = Templates()[template];
        Assert.That(text, Does.Contain("include \"fleet.probes\"").And.Contain("kind: PodDisruptionBudget").And.Contain("resources:"));
        Assert.That(text, Does.Contain("securityContext: {{- toYaml .Values.securityContext"));
        Assert.That(Templates()["_helpers.tpl"], Does.Contain("path: /health,").And.Contain("path: /health/ready,"));
        Assert.That(values.Map("securityContext").Scalar("readOnlyRootFilesystem"), Is.EqualTo("true"));
        Assert.That(values.Map("podSecurityContext").Scalar("runAsNonRoot"), Is.EqualTo("true"));
    }

    [Test]
    public void The_operators_dashboard_and_alert_rules_are_loaded_from_the_charts_files()
    {
        var templates = Templates();
        Assert.That(templates["grafana-dashboard.yaml"], Does.Contain(".Files.Get \"files/grafana-dashboard.json\"").And.Contain("kind: ConfigMap"));
        Assert.That(templates["prometheusrule.yaml"], Does.Contain(".Files.Get \"files/prometheus-alerts.yaml\"").And.Contain("kind: PrometheusRule"));
        Assert.That(templates["servicemonitor.yaml"], Does.Contain("path: /metrics").And.Contain("kind: ServiceMonitor"));
        Assert.That(values.Map("metrics").Map("grafanaDashboard").Map("labels").Scalar("grafana_dashboard"), Is.EqualTo("1"));
    }

    [GeneratedRegex(@"\$?\.Values\.([A-Za-z0-9_.]+[A-Za-z0-9_])")]
    private static partial Regex ValuesPath();
}
