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
/// folders), with the same documents in flight at once and the same untimed warm-up batch first, so the two differ
/// only in transport, store and processes.
/// </summary>
public static class EmbeddedBatch
{
    public static async Task<FleetBenchRow> RunAsync(FleetBenchInputs inputs, FleetBenchInputs? warmUp, int documents, int pages, int maxActiveDocuments,
        int chunkPages, CancellationToken cancellationToken)
    {
        var output = FreshFolder(inputs.Folder + "-out");
        var warmUpOutput = FreshFolder(inputs.Folder + "-warm-up-out");
        using var host = EmbeddedFleet.Build(verbose: false,
            services => services.PostConfigure<OrchestratorOptions>(o => o.MaxActiveDocuments = maxActiveDocuments));
        await host.StartAsync(cancellationToken);
        try
        {
            var runner = host.Services.GetRequiredService<BatchRunner>();
            var options = new ProcessingOptions(Mode: ProcessingMode.Text, ChunkPages: chunkPages);
            if (warmUp is not null)
            {
                Console.WriteLine($"  embedded: warm-up batch of {warmUp.Documents} documents (not timed)...");
                await runner.Start(BatchRunner.Submission(NewId.NextGuid(), new DirectoryInfo(warmUp.Folder), warmUpOutput, options, recursive: false),
                    cancellationToken).Completion.Task;
            }
            var submission = BatchRunner.Submission(NewId.NextGuid(), new DirectoryInfo(inputs.Folder), output, options, recursive: false);

            var selfBefore = ProcessCpu.OfProcess(Environment.ProcessId) ?? 0;
            var serversBefore = ProcessCpu.OfServers();
            var machineBefore = ProcessCpu.OfMachine();
            var started = Stopwatch.GetTimestamp();
            var progress = runner.Start(submission, cancellationToken);
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
            warmUpOutput.Delete(recursive: true);
        }
    }

    private static DirectoryInfo FreshFolder(string path)
    {
        var folder = new DirectoryInfo(path);
        if (folder.Exists)
            folder.Delete(recursive: true);
        folder.Create();
        return folder;
    }
}
