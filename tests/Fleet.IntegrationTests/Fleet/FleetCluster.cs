using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fleet.Contracts.Results;
using Fleet.Infrastructure.Storage.S3;
using Fleet.IntegrationTests.Storage;

namespace Fleet.IntegrationTests.Fleet;

/// <summary>
/// A fleet of real processes on the real servers: an api+orchestrator, a second orchestrator and two workers, each a
/// <c>fleet serve --role ...</c> process. Each fixture gets its own RabbitMQ virtual host (so no other fleet on the
/// machine takes its messages) and its own buckets; saga state is in PostgreSQL, as in production.
/// </summary>
public abstract class FleetCluster
{
    private readonly List<FleetProcess> _processes = [];
    private string _virtualHost = "";

    protected string InputBucket { get; private set; } = "";

    protected string OutputBucket { get; private set; } = "";

    protected S3ObjectStore Store { get; private set; } = null!;

    protected HttpClient Api { get; private set; } = null!;

    protected FleetProcess ApiProcess { get; private set; } = null!;

    /// <summary>Settings every process of this fleet gets, on top of the services' environment.</summary>
    protected Dictionary<string, string> Settings { get; } = new();

    [OneTimeSetUp]
    public async Task StartFleet()
    {
        _virtualHost = $"fleet-test-{Guid.NewGuid():N}"[..24];
        await RabbitMqManagement.CreateVirtualHost(_virtualHost);
        Settings["Fleet__Bus__RabbitMq__VirtualHost"] = _virtualHost;
        Settings["Fleet__Database__Kind"] = "Postgres";
        Settings["Fleet__Storage__Kind"] = "S3";
        Settings["Fleet__Api__ReadinessBucket"] = InputBucket = await S3Server.CreateBucket("in");
        OutputBucket = await S3Server.CreateBucket("out");
        Store = S3Server.Store(S3Server.Options());

        ApiProcess = await Start("api-orchestrator", "api,orchestrator");
        Api = new HttpClient { BaseAddress = ApiProcess.Url, Timeout = TimeSpan.FromSeconds(30) };
        await Task.WhenAll(new[] { Start("orchestrator-2", "orchestrator") }
            .Concat(Enumerable.Range(1, Workers).Select(i => Start($"worker-{i}", "worker", WorkerSettings))));
    }

    /// <summary>Worker processes the fleet starts with.</summary>
    protected virtual int Workers => 2;

    /// <summary>Settings of those workers, on top of <see cref="Settings"/>.</summary>
    protected virtual IReadOnlyDictionary<string, string>? WorkerSettings => null;

    [OneTimeTearDown]
    public async Task StopFleet()
    {
        foreach (var process in _processes)
            await process.DisposeAsync();
        Api?.Dispose();
        await RabbitMqManagement.DeleteVirtualHost(_virtualHost);
    }

    /// <summary>Starts one more process of this fleet and waits until it is ready.</summary>
    /// <param name="waitUntilReady">False for a process that may die before it is ready (and the test expects that).</param>
    protected async Task<FleetProcess> Start(string name, string roles, IReadOnlyDictionary<string, string>? extra = null, bool waitUntilReady = true)
    {
        var settings = new Dictionary<string, string>(Settings);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            settings[key] = value;
        var process = await FleetProcess.StartAsync(name, roles, settings, waitUntilReady);
        lock (_processes)
            _processes.Add(process);
        return process;
    }

    protected IReadOnlyList<FleetProcess> Running(string namePrefix)
    {
        lock (_processes)
            return _processes.Where(p => p.Name.StartsWith(namePrefix, StringComparison.Ordinal) && !p.HasExited).ToList();
    }

    protected Task Put(string key, byte[] content) => Store.WriteAsync(InputBucket, key, content, "application/pdf");

    /// <summary>POST /batches for a prefix of the input bucket; returns the batch id.</summary>
    protected async Task<Guid> Submit(string prefix, int chunkPages = 8, string? idempotencyKey = null, HttpClient? api = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/batches")
        {
            Content = JsonContent.Create(new { inputBucket = InputBucket, inputPrefix = prefix, outputBucket = OutputBucket, outputPrefix = prefix, chunkPages }),
        };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await (api ?? Api).SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batchId").GetGuid();
    }

    protected async Task<JsonElement> Status(Guid batchId) =>
        await Api.GetFromJsonAsync<JsonElement>($"/batches/{batchId}");

    /// <summary>Polls the batch until it is in a final state; <paramref name="meanwhile"/> runs between polls.</summary>
    protected async Task<JsonElement> WaitForEnd(Guid batchId, TimeSpan within, Func<JsonElement, Task>? meanwhile = null)
    {
        var deadline = DateTime.UtcNow + within;
        JsonElement status = default;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                status = await Status(batchId);
                if (status.GetProperty("state").GetString() is "Completed" or "Rejected" or "Failed")
                    return status;
            }
            catch (HttpRequestException)
            {
                // The API may be restarting with a server; keep asking.
            }
            if (meanwhile is not null)
                await meanwhile(status);
            await Task.Delay(250);
        }
        Assert.Fail($"batch {batchId} did not end within {within}; last status {status}\n{Logs()}");
        return status;
    }

    protected async Task<Manifest> ReadManifest(string prefix, Guid batchId) =>
        ResultJson.Deserialize<Manifest>(await Store.ReadAllBytesAsync(OutputBucket, RunKeys.Manifest(prefix, batchId)));

    protected async Task<string> ReadText(string key) => Encoding.UTF8.GetString(await Store.ReadAllBytesAsync(OutputBucket, key));

    protected async Task<DocumentResult> ReadResult(string key) => ResultJson.Deserialize<DocumentResult>(await Store.ReadAllBytesAsync(OutputBucket, key));

    protected string Logs()
    {
        lock (_processes)
            return string.Join("\n", _processes.Select(p => $"--- {p.Name} ({p.LogPath}) ---\n{p.Tail(15)}"));
    }
}
