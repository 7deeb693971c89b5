using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.Batches;
using Fleet.Contracts.Results;

namespace Fleet.Bench;

/// <summary>
/// One batch on the distributed fleet: an api,orchestrator process and N worker processes on RabbitMQ, the database
/// and S3, started and ready, then warmed up by an untimed batch of other documents (so the figures are of a fleet
/// that has been running, not of its just-in-time compilation) before the clock starts; the batch goes in by
/// <c>POST /batches</c> and is watched by <c>GET /batches/{id}</c> until it completes; the manifest's totals say
/// whether every document succeeded.
/// </summary>
public static class DistributedBatch
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static async Task<FleetBenchRow> RunAsync(FleetBenchInputs inputs, FleetBenchInputs? warmUp, int documents, int pages, int workers,
        int chunkPages, IReadOnlyDictionary<string, string> environment, string logDirectory, CancellationToken cancellationToken)
    {
        var processes = new List<ServeProcess>();
        try
        {
            Console.WriteLine($"  distributed: starting api,orchestrator and {workers} worker(s)...");
            processes.Add(await ServeProcess.StartAsync("api-orchestrator", "api,orchestrator", environment, logDirectory));
            for (var i = 1; i <= workers; i++)
                processes.Add(await ServeProcess.StartAsync($"worker-{i}", "worker", environment, logDirectory));
            using var http = new HttpClient { BaseAddress = processes[0].Url, Timeout = TimeSpan.FromSeconds(30) };

            if (warmUp is not null)
            {
                Console.WriteLine($"  distributed: warm-up batch of {warmUp.Documents} documents (not timed)...");
                if (await RunBatchAsync(http, warmUp, "warm-up", chunkPages, logDirectory, cancellationToken) is { Error: { } warmUpError })
                    return Failed(documents, pages, $"warm-up: {warmUpError}");
            }

            var fleetBefore = processes.ToDictionary(p => p.Name, p => ProcessCpu.OfProcess(p.Pid) ?? 0);
            var serversBefore = ProcessCpu.OfServers();
            var machineBefore = ProcessCpu.OfMachine();
            var started = Stopwatch.GetTimestamp();
            var batch = await RunBatchAsync(http, inputs, "distributed", chunkPages, logDirectory, cancellationToken);
            var wallMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var fleetCpu = processes.ToDictionary(p => p.Name, p => (ProcessCpu.OfProcess(p.Pid) ?? 0) - fleetBefore[p.Name]);
            var serversCpu = ProcessCpu.Spent(serversBefore, ProcessCpu.OfServers());
            var machineAfter = ProcessCpu.OfMachine();
            if (batch.Error is { } error)
                return Failed(documents, pages, error);

            var cpu = new Dictionary<string, double>(fleetCpu);
            foreach (var (name, ms) in serversCpu)
                cpu[name] = ms;
            cpu["machine busy"] = machineAfter.BusyMs - machineBefore.BusyMs;
            return FleetBenchmark.Row(FleetBenchmark.Distributed, documents, pages, wallMs, fleetCpu.Values.Sum(), cpu, batch.Manifest!);
        }
        finally
        {
            // Workers first, so none is left waiting on an orchestrator that has gone.
            foreach (var process in Enumerable.Reverse(processes))
            {
                await process.StopAsync(TimeSpan.FromSeconds(30));
                await process.DisposeAsync();
            }
        }
    }

    private sealed record BatchOutcome(Manifest? Manifest, string? Error);

    /// <summary>Submits the inputs' bucket as one batch and polls until it ends; its manifest, or why there is none.</summary>
    private static async Task<BatchOutcome> RunBatchAsync(HttpClient http, FleetBenchInputs inputs, string label, int chunkPages, string logDirectory,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var submitted = await http.PostAsJsonAsync("/batches", new
        {
            inputBucket = inputs.InputBucket,
            inputPrefix = "",
            outputBucket = inputs.OutputBucket,
            outputPrefix = "",
            mode = "text",
            chunkPages,
        }, cancellationToken);
        if (!submitted.IsSuccessStatusCode)
            return new(null, $"POST /batches answered {(int)submitted.StatusCode}: {await submitted.Content.ReadAsStringAsync(cancellationToken)}");
        var batchId = (await submitted.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("batchId").GetGuid();

        // Generous: a stalled batch ends the measurement with a reason instead of hanging the benchmark.
        var deadline = TimeSpan.FromMinutes(5) + TimeSpan.FromMilliseconds(inputs.Documents * inputs.Pages * 50.0);
        var lastReport = Stopwatch.GetTimestamp();
        while (true)
        {
            var status = await http.GetFromJsonAsync<JsonElement>($"/batches/{batchId}", cancellationToken);
            var state = status.GetProperty("state").GetString() ?? BatchStates.Unknown;
            if (state is BatchStates.Completed or BatchStates.Failed or BatchStates.Rejected)
            {
                if (state != BatchStates.Completed)
                {
                    var reason = status.TryGetProperty("reason", out var why) && why.ValueKind == JsonValueKind.String ? why.GetString() : null;
                    return new(null, $"batch {batchId} ended {state}: {reason ?? "no reason given"}; see {logDirectory}");
                }
                break;
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed > deadline)
                return new(null, $"batch {batchId} still {state} after {elapsed.TotalSeconds:F0} s; see {logDirectory}");
            if (Stopwatch.GetElapsedTime(lastReport).TotalSeconds >= 5)
            {
                lastReport = Stopwatch.GetTimestamp();
                var finished = status.GetProperty("finished").GetInt32();
                Console.WriteLine($"  {label}: {state}, {finished}/{inputs.Documents} documents, {elapsed.TotalSeconds:F0} s, {finished / elapsed.TotalSeconds:F1} documents/s");
            }
            await Task.Delay(Poll, cancellationToken);
        }
        var manifest = JsonSerializer.Deserialize<Manifest>(await http.GetByteArrayAsync($"/batches/{batchId}/manifest", cancellationToken), ResultJson.Options)
                       ?? throw new InvalidOperationException("empty manifest");
        return new(manifest, null);
    }

    private static FleetBenchRow Failed(int documents, int pages, string error) =>
        new(FleetBenchmark.Distributed, documents, pages, 0, 0, 0, 0, 0, 0, 0, new Dictionary<string, double>(), error);
}
