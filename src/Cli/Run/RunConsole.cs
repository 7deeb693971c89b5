using Fleet.Infrastructure.Hosting;
using Fleet.Contracts;
using Fleet.Contracts.Batches;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Fleet.Cli.Run;

/// <summary>
/// The console side of <c>fleet run</c>: start the embedded fleet, submit the batch, show progress (a live bar on a
/// terminal, plain lines otherwise), then print the summary. Exit 0 when the batch ran, even if documents failed.
/// </summary>
public static class RunConsole
{
    public const int BatchCouldNotRun = 2;
    public const int Cancelled = 130;

    public static async Task<int> ExecuteAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected)
            error.Profile.Width = 200; // a log has no window: keep each message on one line
        if (!request.Input.Exists)
        {
            error.MarkupLineInterpolated($"[red]error:[/] input '{request.Input.FullName}' does not exist");
            return BatchCouldNotRun;
        }
        if (request.Input is DirectoryInfo folder && NoPdfsNote(folder, request.Recursive) is { } note)
            error.MarkupLineInterpolated($"[yellow]note:[/] {note}");
        try
        {
            request.Output.Create();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.MarkupLineInterpolated($"[red]error:[/] cannot create output folder '{request.Output.FullName}': {e.Message}");
            return BatchCouldNotRun;
        }

        using var host = EmbeddedFleet.Build(request.Verbose);
        if (!StartupCheck.Passes(host.Services))
            return StartupCheck.InvalidConfiguration;
        await host.StartAsync(cancellationToken);
        try
        {
            var runner = host.Services.GetRequiredService<BatchRunner>();
            var submission = BatchRunner.Submission(NewId.NextGuid(), request.Input, request.Output, request.Options, request.Recursive);
            var progress = runner.Start(submission, request.Passwords, cancellationToken);
            var console = AnsiConsole.Console;
            if (Console.IsOutputRedirected)
                console.Profile.Width = 200; // a log file has no window: do not wrap the summary at 80 columns
            var mode = request.Options.Mode.ToString().ToLowerInvariant();
            console.MarkupLineInterpolated(
                $"Batch [bold]{submission.BatchId}[/]: {request.Input.FullName} -> {request.Output.FullName} (mode {mode}, {request.Options.Dpi} DPI, outputs {OutputFormatNames.Format(request.Options.Outputs)})");

            var completed = IsInteractive(console)
                ? await ProgressDisplay.ShowBarAsync(console, progress, cancellationToken)
                : await ProgressDisplay.ShowLinesAsync(progress, cancellationToken);
            var manifest = await runner.ReadManifestAsync(completed, cancellationToken);
            RunSummary.Write(console, manifest, Path.Combine(request.Output.FullName, completed.ManifestKey));
            return 0;
        }
        catch (BatchRejectedException e)
        {
            error.MarkupLineInterpolated($"[red]error:[/] the batch could not run: {e.Message}");
            return BatchCouldNotRun;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.MarkupLine("[yellow]cancelled[/]: outputs written so far are complete files; run again to finish.");
            return Cancelled;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Says so when the folder holds no documents to read, and where they are when only its sub-folders hold some.</summary>
    internal static string? NoPdfsNote(DirectoryInfo folder, bool recursive)
    {
        static int Documents(DirectoryInfo folder, SearchOption depth) =>
            folder.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = depth == SearchOption.AllDirectories, IgnoreInaccessible = true })
                .Count(f => InputFiles.IsInput(f.Name));
        if (Documents(folder, recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly) > 0)
            return null;
        var below = recursive ? 0 : Documents(folder, SearchOption.AllDirectories);
        return below > 0
            ? $"no {InputFiles.Kinds} files directly in '{folder.FullName}'; its sub-folders hold {RunSummary.Count(below, "document")}: add --recursive to read them"
            : $"no {InputFiles.Kinds} files in '{folder.FullName}'";
    }

    internal static bool IsInteractive(IAnsiConsole console) =>
        console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected &&
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
}
