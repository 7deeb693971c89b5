using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fleet.Cli.Serve;
using Fleet.Contracts.Results;
using Fleet.IntegrationTests.Fleet;
using Fleet.IntegrationTests.Storage;
using Fleet.Tests.Support;

namespace Fleet.IntegrationTests.Deployment;

/// <summary>
/// What the container images hold, proven without a Docker engine: each role is published with its Dockerfile's own
/// <c>dotnet publish</c> line and run from that folder with the image's entry point, on the real servers (its own
/// RabbitMQ virtual host and buckets). The api and orchestrator start without ONNX Runtime, PDFium or models; the
/// worker loads its models and becomes ready; the three together take a batch to its manifest; the GPU flavour
/// starts here on the CPU; and the images' health check script answers.
/// </summary>
[NonParallelizable]
public sealed class PublishedRolesTests
{
    private static readonly string[] OcrEngineFiles = ["libonnxruntime.so", "libpdfium.so", "Microsoft.ML.OnnxRuntime.dll", "Fleet.Engine.dll", "*.onnx"];

    private readonly Dictionary<string, string> settings = new();
    private readonly List<RunningRole> running = [];
    private string root = "";
    private string virtualHost = "";
    private string inputBucket = "";
    private string outputBucket = "";
    private PublishedRole api = null!, orchestrator = null!, worker = null!;

    [OneTimeSetUp]
    public async Task PublishAndStartTheRoles()
    {
        root = Path.Combine(Path.GetTempPath(), $"fleet-published-{Guid.NewGuid():N}");
        var publishing = Stopwatch.StartNew();
        api = await PublishedRole.PublishAsync("api.Dockerfile", root);
        orchestrator = await PublishedRole.PublishAsync("orchestrator.Dockerfile", root);
        worker = await PublishedRole.PublishAsync("worker.Dockerfile", root);
        TestContext.Progress.WriteLine($"published api, orchestrator and worker in {publishing.Elapsed.TotalSeconds:F0} s");

        virtualHost = $"fleet-publish-{Guid.NewGuid():N}"[..24];
        await RabbitMqManagement.CreateVirtualHost(virtualHost);
        inputBucket = await S3Server.CreateBucket("in");
        outputBucket = await S3Server.CreateBucket("out");
        settings["Fleet__Bus__Transport"] = "RabbitMq";
        settings["Fleet__Bus__RabbitMq__VirtualHost"] = virtualHost;
        settings["Fleet__Database__Kind"] = "Postgres";
        settings["Fleet__Storage__Kind"] = "S3";
        settings["Fleet__Api__ReadinessBucket"] = inputBucket;
        settings["FLEET_API_KEY"] = "published-roles-test-key";
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        foreach (var role in running)
            await role.DisposeAsync();
        await RabbitMqManagement.DeleteVirtualHost(virtualHost);
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);
    }

    [Test, Order(1)]
    public async Task The_published_api_answers_health_and_carries_no_ocr_engine()
    {
        Assert.That(OcrEngineFiles.SelectMany(api.Files), Is.Empty);
        var role = await Start(api, TimeSpan.FromSeconds(60));
        await AssertHealthy(role);
    }

    [Test, Order(1)]
    public async Task The_published_api_without_a_key_refuses_to_listen_beyond_this_machine()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { api.EntryAssembly }, WorkingDirectory = api.Folder, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (key, value) in FleetServices.Environment.Concat(settings).Where(s => s.Key != "FLEET_API_KEY"))
            start.Environment[key] = value;
        start.Environment["ASPNETCORE_URLS"] = $"http://0.0.0.0:{ReadinessProbeFreePort()}";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.That(process.ExitCode, Is.EqualTo(2), await stderr);
        Assert.That(await stderr, Does.Contain("no API key is configured and the API would listen on http://0.0.0.0:"));
    }

    [Test, Order(2)]
    public async Task The_published_orchestrator_answers_health_and_carries_no_ocr_engine()
    {
        Assert.That(OcrEngineFiles.SelectMany(orchestrator.Files), Is.Empty);
        var role = await Start(orchestrator, TimeSpan.FromSeconds(60));
        await AssertHealthy(role);
    }

    [Test, Order(3)]
    public async Task The_published_worker_loads_its_models_and_becomes_ready()
    {
        Assert.That(worker.Contains("libpdfium.so") && worker.Contains("libonnxruntime.so") && worker.Contains("libfleet_ortops.so"),
            string.Join(", ", worker.Files("*.so")));
        Assert.That(worker.Files("assets/*").Select(Path.GetFileName),
            Is.SupersetOf(new[] { "ch_PP-OCRv4_det_infer.onnx", "ch_PP-OCRv4_rec_infer.onnx", "ppocr_keys_v1.txt" }));
        var role = await Start(worker, TimeSpan.FromSeconds(120));
        await AssertHealthy(role);
        Assert.That(role.Output, Does.Contain("OCR runs on the CPU"));
        Assert.That(role.Output, Does.Not.Contain("libfleet_ortops.so is not beside the worker").And.Not.Contain("could not be loaded"));
    }

    [Test, Order(4)]
    public async Task The_published_roles_together_take_a_batch_to_its_manifest()
    {
        Assume.That(running.Select(r => r.Name), Is.SupersetOf(new[] { "api", "orchestrator", "worker" }), "the roles above started");
        var store = S3Server.Store(S3Server.Options());
        await store.WriteAsync(inputBucket, "drop/letter.pdf", TestPdfs.BornDigital(["Published roles read this text layer."]), "application/pdf");
        await store.WriteAsync(inputBucket, "drop/scan.pdf", TestPdfs.Scanned(200, ["Invoice 2024-117, due in March."]), "application/pdf");

        using var client = new HttpClient { BaseAddress = running.Single(r => r.Name == "api").Url, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", settings["FLEET_API_KEY"]);
        using var submitted = await client.PostAsJsonAsync("/batches", new { inputBucket, inputPrefix = "drop/", outputBucket, outputPrefix = "drop/" });
        Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await submitted.Content.ReadAsStringAsync());
        var batchId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batchId").GetGuid();

        var deadline = DateTime.UtcNow.AddMinutes(3);
        var state = "";
        while (DateTime.UtcNow < deadline && state is not ("Completed" or "Failed" or "Rejected"))
        {
            await Task.Delay(500);
            state = (await client.GetFromJsonAsync<JsonElement>($"/batches/{batchId}")).GetProperty("state").GetString()!;
        }
        Assert.That(state, Is.EqualTo("Completed"), string.Join("\n", running.Select(r => $"--- {r.Name}\n{r.Output[^Math.Min(3000, r.Output.Length)..]}")));
        Assert.That(Encoding.UTF8.GetString(await store.ReadAllBytesAsync(outputBucket, "drop/letter.txt")), Does.Contain("Published roles read this text layer."));
        Assert.That(Encoding.UTF8.GetString(await store.ReadAllBytesAsync(outputBucket, "drop/scan.txt")), Does.Contain("Invoice 2024-117"));
        using var manifest = JsonDocument.Parse(await store.ReadAllBytesAsync(outputBucket, RunKeys.Manifest("drop/", batchId)));
        Assert.That(manifest.RootElement.GetRawText(), Does.Contain("\"succeeded\""));
    }

    [Test, Order(5)]
    public async Task The_images_health_check_script_passes_on_a_ready_role_and_fails_on_a_closed_port()
    {
        Assume.That(running, Is.Not.Empty, "a role above started");
        var script = Path.Combine(FleetServices.RepoRoot, "docker", "healthcheck.sh");
        Assert.That((await Bash(script, "/health/ready", running[0].Url.Port)).ExitCode, Is.Zero);
        Assert.That((await Bash(script, "/no-such-route", running[0].Url.Port)).ExitCode, Is.Not.Zero, "a 404 is not healthy");
        Assert.That((await Bash(script, "/health/ready", ReadinessProbeFreePort())).ExitCode, Is.Not.Zero);
    }

    [Test, Order(6)]
    public async Task The_published_gpu_worker_starts_and_falls_back_to_the_cpu_without_a_gpu()
    {
        var gpu = await PublishedRole.PublishAsync("worker-gpu.Dockerfile", root);
        Assert.That(gpu.Contains("libonnxruntime_providers_cuda.so") && gpu.Contains("libpdfium.so"), string.Join(", ", gpu.Files("*.so")));
        Assert.That(gpu.Files("assets/*.onnx"), Has.Count.GreaterThanOrEqualTo(2));
        var role = await Start(gpu, TimeSpan.FromSeconds(120));
        await AssertHealthy(role);
        Assert.That(role.Output, Does.Contain("OCR falls back to the CPU"));
    }

    [Test, Order(7)]
    public async Task The_published_api_with_a_bucket_drop_rule_reads_the_intake_queue_and_is_ready_only_with_it()
    {
        var drop = new Dictionary<string, string>(settings)
        {
            ["Fleet__BucketDrop__Rules__0__Bucket"] = inputBucket,
            ["Fleet__BucketDrop__Rules__0__OutputBucket"] = outputBucket,
        };
        Assume.That(FleetServices.Environment.ContainsKey("Fleet__BucketDrop__Sqs__QueueUrl"), "./fleet services runs the SQS server");
        await using var role = await api.StartAsync(drop, TimeSpan.FromSeconds(60));
        using var client = new HttpClient { BaseAddress = role.Url };

        var ready = await client.GetStringAsync("/health/ready");
        Assert.That(ready, Does.Contain("sqs-queue"), "the listener's queue is part of readiness");
    }

    private async Task<RunningRole> Start(PublishedRole role, TimeSpan readyWithin)
    {
        var process = await role.StartAsync(settings, readyWithin);
        running.Add(process);
        return process;
    }

    private static async Task AssertHealthy(RunningRole role)
    {
        using var client = new HttpClient { BaseAddress = role.Url };
        foreach (var path in new[] { "/health", "/health/ready" })
        {
            using var response = await client.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{role.Name} {path}\n{role.Output}");
        }
    }

    private static async Task<(int ExitCode, string Output)> Bash(string script, string path, int port)
    {
        var start = new ProcessStartInfo("bash") { ArgumentList = { script, path }, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["FLEET_HEALTH_PORT"] = port.ToString();
        using var process = Process.Start(start)!;
        var output = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    private static int ReadinessProbeFreePort() => ReadinessProbe.FreeLoopbackPort();
}
