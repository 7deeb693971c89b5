using Fleet.Cli.Run;
using Fleet.Contracts;
using Fleet.Contracts.Batches;
using Fleet.Contracts.Results;
using Fleet.Infrastructure.Hosting;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Fleet.Cli.Watch;

/// <summary>
/// The console side of <c>fleet watch</c>: the embedded fleet of <c>fleet run</c>, fed a batch of the files that are
/// ready whenever there are some, each batch shown as <c>run</c> shows one (progress, then the summary), the files
/// recorded as finished once their batch has its manifest. Ctrl+C stops it (exit 0); a batch cut short is done again
/// at the next start, reusing the documents it had finished.
/// </summary>
public static class WatchConsole
{
    private static readonly TimeSpan ScanInterval = TimeSpan.FromMilliseconds(500);

    public static async Task<int> ExecuteAsync(WatchRequest request, CancellationToken cancellationToken)
    {
        var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected)
            error.Profile.Width = 200;
        if (!request.Folder.Exists)
        {
            error.MarkupLineInterpolated($"[red]error:[/] folder '{request.Folder.FullName}' does not exist");
            return RunConsole.BatchCouldNotRun;
        }
        WatchState state;
        try
        {
            request.Output.Create();
            state = WatchState.Load(request.Output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            error.MarkupLineInterpolated($"[red]error:[/] output folder '{request.Output.FullName}': {e.Message}");
            return RunConsole.BatchCouldNotRun;
        }

        using var host = EmbeddedFleet.Build(request.Verbose);
        if (!StartupCheck.Passes(host.Services))
            return StartupCheck.InvalidConfiguration;
        await host.StartAsync(cancellationToken);
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
            console.Profile.Width = 200;
        var finished = 0;
        try
        {
            var runner = host.Services.GetRequiredService<BatchRunner>();
            var watched = new WatchedFolder(request.Folder, request.Output, request.Recursive, request.Settle, TimeProvider.System);
            var mode = request.Options.Mode.ToString().ToLowerInvariant();
            var watching = $"Watching {request.Folder.FullName} for PDFs and images -> {request.Output.FullName} " +
                           $"(mode {mode}, {request.Options.Dpi} DPI, outputs {OutputFormatNames.Format(request.Options.Outputs)}). Ctrl+C stops.";
            console.WriteLine(watching);
            if (state.Count > 0)
                console.WriteLine($"{RunSummary.Count(state.Count, "file")} done earlier ({Path.Combine(request.Output.FullName, WatchState.FileName)}): not done again.");
            while (true)
            {
                var ready = watched.Ready(state);
                if (ready.Count == 0)
                {
                    await Task.Delay(ScanInterval, cancellationToken);
                    continue;
                }
                var (batchId, manifest) = await RunBatchAsync(console, runner, request, ready, cancellationToken);
                foreach (var file in ready)
                {
                    var entry = manifest.Documents.FirstOrDefault(d => d.Key == file.Key);
                    state.Record(file.Key, file.Size, file.ModifiedUtc, batchId, entry?.Status.ToString().ToLowerInvariant() ?? "missing");
                    watched.Forget(file.Key);
                }
                state.Save();
                finished += ready.Count;
                console.WriteLine(watching);
            }
        }
        catch (BatchRejectedException e)
        {
            error.MarkupLineInterpolated($"[red]error:[/] a batch could not run: {e.Message}");
            return RunConsole.BatchCouldNotRun;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.WriteLine($"Stopped: {RunSummary.Count(finished, "file")} done in this run; files written meanwhile are done at the next start.");
            return 0;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<(Guid BatchId, Manifest Manifest)> RunBatchAsync(IAnsiConsole console, BatchRunner runner, WatchRequest request,
        IReadOnlyList<WatchedFile> ready, CancellationToken cancellationToken)
    {
        var submission = new SubmitBatch(NewId.NextGuid(), request.Folder.FullName, "", ready.Select(f => f.Key).ToList(),
            request.Output.FullName, "", request.Options);
        var progress = runner.Start(submission, request.Passwords, cancellationToken);
        console.MarkupLineInterpolated($"Batch [bold]{submission.BatchId}[/]: {RunSummary.Count(ready.Count, "new file")}");
        var completed = RunConsole.IsInteractive(console)
            ? await ProgressDisplay.ShowBarAsync(console, progress, cancellationToken)
            : await ProgressDisplay.ShowLinesAsync(progress, cancellationToken);
        var manifest = await runner.ReadManifestAsync(completed, cancellationToken);
        RunSummary.Write(console, manifest, Path.Combine(request.Output.FullName, completed.ManifestKey));
        return (submission.BatchId, manifest);
    }
}
