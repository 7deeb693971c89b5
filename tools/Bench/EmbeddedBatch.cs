using System.Diagnostics;
using Fleet.Cli;
using Fleet.Cli.Run;
using Fleet.Contracts;
using Fleet.Orchestrator;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Bench;

/// <summary>
/// The same batch on <c>fleet run</c>'s composition (every role in this process, in-memory bus and sagas, local
/// folders), with the same documents in flight at once, so the two differ only in transport, store and processes.
/// </summary>
public static class EmbeddedBatch
{
    public static async Task<FleetBenchRow> RunAsync(FleetBenchInputs inputs, int documents, int pages, int maxActiveDocuments, int chunkPages,
        CancellationToken cancellationToken)
    {
        var output = new DirectoryInfo(inputs.Folder + "-out");
        if (output.Exists)
            output.Delete(recursive: true);
        output.Create();
        using var host = EmbeddedFleet.Build(verbose: false,
            services => services.PostConfigure<OrchestratorOptions>(o => o.MaxActiveDocuments = maxActiveDocuments));
        await host.StartAsync(cancellationToken);
        try
        {
            var runner = host.Services.GetRequiredService<BatchRunner>();
            var submission = BatchRunner.Submission(NewId.NextGuid(), new DirectoryInfo(inputs.Folder), output,
                new ProcessingOptions(Mode: ProcessingMode.Text, ChunkPages: chunkPages), recursive: false);

            var selfBefore = ProcessCpu.OfProcess(Environment.ProcessId) ?? 0;
            var serversBefore = ProcessCpu.OfServers();
            var machineBefore = ProcessCpu.OfMachine();
            var started = Stopwatch.GetTimestamp();
            var progress = runner.Start(submission, [], cancellationToken);
            while (!progress.Completion.Task.IsCompleted)
            {
                await Task.WhenAny(progress.Completion.Task, Task.Delay(TimeSpan.FromSeconds(5), cancellationToken));
                if (!progress.Completion.Task.IsCompleted)
                {
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    Console.WriteLine($"  embedded: {progress.DocumentsFinished}/{documents} documents, {elapsed:F0} s, {progress.DocumentsFinished / elapsed:F1} documents/s");
                }
            }
            var completed = await progress.Completion.Task;
            var wallMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var selfCpu = (ProcessCpu.OfProcess(Environment.ProcessId) ?? 0) - selfBefore;
            var serversCpu = ProcessCpu.Spent(serversBefore, ProcessCpu.OfServers());
            var machineAfter = ProcessCpu.OfMachine();

            var manifest = await runner.ReadManifestAsync(completed, cancellationToken);
            var cpu = new Dictionary<string, double> { ["fleet run"] = selfCpu };
            foreach (var (name, ms) in serversCpu)
                cpu[name] = ms;
            cpu["machine busy"] = machineAfter.BusyMs - machineBefore.BusyMs;
            return FleetBenchmark.Row(FleetBenchmark.Embedded, documents, pages, wallMs, selfCpu, cpu, manifest);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            output.Delete(recursive: true);
        }
    }
}
