using Fleet.DeploymentTests.Support;
using Fleet.Infrastructure.Messaging;
using Fleet.Ingest.Api.Access;
using Fleet.Worker;
using YamlDotNet.RepresentationModel;

namespace Fleet.DeploymentTests.Compose;

public sealed class ComposeTests
{
    private readonly ComposeFile compose = new();

    /// <summary>Variables a Fleet container may carry besides Fleet's own settings: read by ASP.NET Core, .NET, the AWS SDK, MassTransit, or the api's key list.</summary>
    private static readonly string[] OtherVariablePrefixes = ["ASPNETCORE_", "DOTNET_", "AWS_", "MASSTRANSIT_USAGE_TELEMETRY", ConfiguredApiKeys.EnvironmentVariable];

    [Test]
    public void Compose_runs_the_broker_database_object_store_and_every_role()
    {
        Assert.That(compose.Services.Entries().Select(s => s.Key),
            Is.SupersetOf(new[] { "rabbitmq", "postgres", "minio", "buckets", "api", "orchestrator", "worker", "worker-gpu" }));
    }

    [Test]
    public void Every_fleet_setting_in_compose_is_a_setting_of_fleets_options()
    {
        var problems = compose.FleetServices
            .SelectMany(s => compose.Environment(s.Service).Keys.Select(key => (s.Name, key)))
            .Select(e => e.key.StartsWith("Fleet__", StringComparison.Ordinal)
                ? FleetSettings.Problem(e.key) is { } problem ? $"{e.Name}: {problem}" : null
                : OtherVariablePrefixes.Any(e.key.StartsWith) ? null : $"{e.Name}: {e.key} is neither a Fleet setting nor a variable Fleet's runtime reads")
            .OfType<string>()
            .ToList();
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void Every_roles_settings_bind_and_pass_validation_with_the_example_env_file()
    {
        foreach (var (name, service) in compose.FleetServices)
        {
            var settings = compose.Environment(service).Where(e => e.Key.StartsWith("Fleet__", StringComparison.Ordinal))
                .ToDictionary(e => e.Key, e => e.Value);
            Assert.That(settings, Is.Not.Empty, name);
            Assert.That(FleetSettings.BindingProblems(settings), Is.Empty, name);
        }
    }

    [Test]
    public void Every_variable_compose_requires_is_in_the_example_env_file()
    {
        var missing = compose.Variables().Where(v => v.Required && !compose.EnvExample.ContainsKey(v.Name)).Select(v => v.Name);
        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void Every_role_points_at_the_compose_services_by_name()
    {
        foreach (var (name, service) in compose.FleetServices)
        {
            var environment = compose.Environment(service);
            Assert.That(environment["Fleet__Bus__Transport"], Is.EqualTo(nameof(BusTransport.RabbitMq)), name);
            Assert.That(compose.Services.Child(environment["Fleet__Bus__RabbitMq__Host"]), Is.Not.Null, $"{name}: broker host");
            Assert.That(environment["Fleet__Database__ConnectionString"], Does.Contain("Host=postgres;"), name);
            Assert.That(new Uri(environment["Fleet__Storage__S3__ServiceUrl"]).Host, Is.EqualTo("minio"), name);
        }
    }

    [Test]
    public void Roles_start_after_the_servers_are_healthy_and_the_buckets_exist()
    {
        foreach (var (name, service) in compose.FleetServices)
        {
            var dependsOn = service.Map("depends_on");
            foreach (var server in new[] { "rabbitmq", "postgres" })
            {
                Assert.That(dependsOn.Map(server).Scalar("condition"), Is.EqualTo("service_healthy"), $"{name} on {server}");
                Assert.That(compose.Service(server).Child("healthcheck"), Is.Not.Null, server);
            }
            Assert.That(dependsOn.Map("buckets").Scalar("condition"), Is.EqualTo("service_completed_successfully"), name);
        }
        Assert.That(compose.Service("buckets").Map("depends_on").Map("minio").Scalar("condition"), Is.EqualTo("service_healthy"));
        var created = compose.Interpolate(string.Join(' ', ((YamlSequenceNode)compose.Service("buckets").Child("entrypoint")!).Select(n => n.ToString())));
        Assert.That(created, Does.Contain("mc mb"));
    }

    [TestCase("worker")]
    [TestCase("worker-gpu")]
    public void Workers_scale_with_docker_compose_scale_and_finish_their_chunks_when_stopped(string worker)
    {
        var service = compose.Service(worker);
        Assert.That(service.Child("container_name"), Is.Null, "a fixed container name forbids --scale");
        Assert.That(service.Child("ports"), Is.Null, "a published host port forbids --scale");
        var grace = TimeSpan.Parse(compose.Environment(service)["Fleet__Worker__ShutdownGrace"]);
        var stop = ParseComposeDuration(service.Scalar("stop_grace_period")!);
        // The host stops MassTransit within ShutdownGrace + 10 s and itself within + 15 s (ServeHost).
        Assert.That(stop, Is.GreaterThan(grace + TimeSpan.FromSeconds(15)));
        Assert.That(grace, Is.LessThanOrEqualTo(TimeSpan.FromHours(1)), nameof(WorkerOptions.ShutdownGrace));
    }

    [Test]
    public void The_gpu_worker_reserves_an_nvidia_gpu_behind_a_profile()
    {
        var service = compose.Service("worker-gpu");
        Assert.That(((YamlSequenceNode)service.Child("profiles")!).Select(p => p.ToString()), Does.Contain("gpu"));
        var device = (YamlMappingNode)((YamlSequenceNode)service.Map("deploy").Map("resources").Map("reservations").Child("devices")!)[0];
        Assert.That(device.Scalar("driver"), Is.EqualTo("nvidia"));
        Assert.That(((YamlSequenceNode)device.Child("capabilities")!).Select(c => c.ToString()), Does.Contain("gpu"));
        Assert.That(service.Map("build").Scalar("dockerfile"), Is.EqualTo("docker/worker-gpu.Dockerfile"));
    }

    [Test]
    public void Fleet_roles_run_read_only_with_a_writable_tmp()
    {
        foreach (var (name, service) in compose.FleetServices)
        {
            Assert.That(service.Scalar("read_only"), Is.EqualTo("true"), name);
            Assert.That(((YamlSequenceNode)service.Child("tmpfs")!).Select(t => t.ToString()), Does.Contain("/tmp"), name);
        }
    }

    [Test]
    public void Every_image_compose_pulls_has_a_pinned_tag()
    {
        foreach (var (name, service) in compose.Services.Entries())
        {
            if (service.Child("build") is not null)
                continue;
            var image = ((YamlMappingNode)service).Scalar("image")!;
            Assert.That(image, Does.Match(@":[^:]*\d"), $"{name}: {image}");
            Assert.That(image, Does.Not.EndWith(":latest"), name);
        }
    }

    private static TimeSpan ParseComposeDuration(string text) =>
        text.EndsWith("ms") ? TimeSpan.FromMilliseconds(double.Parse(text[..^2]))
        : text.EndsWith('s') ? TimeSpan.FromSeconds(double.Parse(text[..^1]))
        : text.EndsWith('m') ? TimeSpan.FromMinutes(double.Parse(text[..^1]))
        : throw new FormatException($"unsupported duration {text}");
}
