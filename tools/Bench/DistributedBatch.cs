using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.Batches;
using Fleet.Contracts.Results;

namespace Fleet.Bench;

/// <summary>
/// One batch on the distributed fleet: an api,orchestrator process and N worker processes on RabbitMQ, the database
/// and S3, started and ready before the clock starts; the batch goes in by <c>POST /batches</c> and is watched by
/// <c>GET /batches/{id}</c> until it completes; the manifest's totals say whether every document succeeded.
/// </summary>
public static class DistributedBatch
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static async Task<FleetBenchRow> RunAsync(FleetBenchInputs inputs, int documents, int pages, int workers, int chunkPages,
        IReadOnlyDictionary<string, string> environment, string logDirectory, CancellationToken cancellationToken)
    {
        var processes = new List<ServeProcess>();
        try
        {
            Console.WriteLine($"  distributed: starting api,orchestrator and {workers} worker(s)...");
            processes.Add(await ServeProcess.StartAsync("api-orchestrator", "api,orchestrator", environment, logDirectory));
            for (var i = 1; i <= workers; i++)
                processes.Add(await ServeProcess.StartAsync($"worker-{i}", "worker", environment, logDirectory));
            var api = processes[0].Url;
            using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };

            var fleetBefore = processes.ToDictionary(p => p.Name, p => ProcessCpu.OfProcess(p.Pid) ?? 0);
            var serversBefore = ProcessCpu.OfServers();
            var machineBefore = ProcessCpu.OfMachine();
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
                return Failed(documents, pages, $"POST /batches answered {(int)submitted.StatusCode}: {await submitted.Content.ReadAsStringAsync(cancellationToken)}");
            var batchId = (await submitted.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("batchId").GetGuid();

            // Generous: a stalled batch ends the measurement with a reason instead of hanging the benchmark.
            var deadline = TimeSpan.FromMinutes(5) + TimeSpan.FromMilliseconds(documents * pages * 50.0);
            var lastReport = Stopwatch.GetTimestamp();
            string state;
            string? reason;
            while (true)
            {
                var status = await http.GetFromJsonAsync<JsonElement>($"/batches/{batchId}", cancellationToken);
                state = status.GetProperty("state").GetString() ?? BatchStates.Unknown;
                reason = status.TryGetProperty("reason", out var why) && why.ValueKind == JsonValueKind.String ? why.GetString() : null;
                if (state is BatchStates.Completed or BatchStates.Failed or BatchStates.Rejected)
                    break;
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (elapsed > deadline)
                    return Failed(documents, pages, $"batch {batchId} still {state} after {elapsed.TotalSeconds:F0} s; see {logDirectory}");
                if (Stopwatch.GetElapsedTime(lastReport).TotalSeconds >= 5)
                {
                    lastReport = Stopwatch.GetTimestamp();
                    var finished = status.GetProperty("finished").GetInt32();
                    Console.WriteLine($"  distributed: {state}, {finished}/{documents} documents, {elapsed.TotalSeconds:F0} s, {finished / elapsed.TotalSeconds:F1} documents/s");
                }
                await Task.Delay(Poll, cancellationToken);
            }
            var wallMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var fleetCpu = processes.ToDictionary(p => p.Name, p => (ProcessCpu.OfProcess(p.Pid) ?? 0) - fleetBefore[p.Name]);
            var serversCpu = ProcessCpu.Spent(serversBefore, ProcessCpu.OfServers());
            var machineAfter = ProcessCpu.OfMachine();
            if (state != BatchStates.Completed)
                return Failed(documents, pages, $"batch {batchId} ended {state}: {reason ?? "no reason given"}; see {logDirectory}");

            var manifest = JsonSerializer.Deserialize<Manifest>(await http.GetByteArrayAsync($"/batches/{batchId}/manifest", cancellationToken), ResultJson.Options)
                           ?? throw new InvalidOperationException("empty manifest");
            var cpu = new Dictionary<string, double>(fleetCpu);
            foreach (var (name, ms) in serversCpu)
                cpu[name] = ms;
            cpu["machine busy"] = machineAfter.BusyMs - machineBefore.BusyMs;
            return FleetBenchmark.Row(FleetBenchmark.Distributed, documents, pages, wallMs, fleetCpu.Values.Sum(), cpu, manifest);
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

    private static FleetBenchRow Failed(int documents, int pages, string error) =>
        new(FleetBenchmark.Distributed, documents, pages, 0, 0, 0, 0, 0, 0, 0, new Dictionary<string, double>(), error);
}
