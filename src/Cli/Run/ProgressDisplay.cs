using Fleet.Contracts.Batches;
using Spectre.Console;

namespace Fleet.Cli.Run;

/// <summary>Shows a batch's progress until it completes: documents and pages, pages/s, estimated time left.</summary>
public static class ProgressDisplay
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(10);

    public static async Task<BatchCompleted> ShowBarAsync(IAnsiConsole console, BatchProgress progress, CancellationToken cancellationToken)
    {
        BatchCompleted? completed = null;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var documents = ctx.AddTask("documents", maxValue: 1);
                var pages = ctx.AddTask("pages", maxValue: 1);
                progress.DocumentEnded += line => { if (line.Contains(": failed:")) console.MarkupLineInterpolated($"[yellow]{line}[/]"); };
                while (!progress.Completion.Task.IsCompleted)
                {
                    documents.MaxValue = Math.Max(1, progress.Documents);
                    documents.Value = progress.DocumentsFinished;
                    documents.Description = $"documents {progress.DocumentsFinished}/{Known(progress.Documents)}{Detail(progress)}";
                    pages.MaxValue = Math.Max(1, progress.PagesKnown);
                    pages.Value = progress.PagesDone;
                    pages.Description = $"pages {progress.PagesDone}/{progress.PagesKnown}  {progress.PagesPerSecond:0.00} pages/s  ETA {Eta(progress)}";
                    await Task.WhenAny(progress.Completion.Task, Task.Delay(Refresh, cancellationToken));
                    cancellationToken.ThrowIfCancellationRequested();
                }
                completed = await progress.Completion.Task;
                documents.Value = documents.MaxValue;
                pages.Value = pages.MaxValue;
                documents.Description = $"documents {progress.DocumentsFinished}/{progress.Documents}";
                pages.Description = $"pages {progress.PagesDone}  {progress.PagesPerSecond:0.00} pages/s";
            });
        return completed!;
    }

    /// <summary>For logs and pipes: a line per finished document and a status line every few seconds.</summary>
    public static async Task<BatchCompleted> ShowLinesAsync(BatchProgress progress, CancellationToken cancellationToken)
    {
        progress.DocumentEnded += line => Console.WriteLine($"{DateTime.Now:HH:mm:ss} {line}  [{Status(progress)}]");
        while (!progress.Completion.Task.IsCompleted)
        {
            await Task.WhenAny(progress.Completion.Task, Task.Delay(PlainInterval, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            if (!progress.Completion.Task.IsCompleted)
                Console.WriteLine($"{DateTime.Now:HH:mm:ss} {Status(progress)}");
        }
        return await progress.Completion.Task;
    }

    private static string Status(BatchProgress p) =>
        $"{p.DocumentsFinished}/{Known(p.Documents)} documents ({p.DocumentsFailed} failed, {p.DocumentsReused} reused), " +
        $"{p.PagesDone}/{p.PagesKnown} pages, {p.PagesPerSecond:0.00} pages/s, ETA {Eta(p)}";

    private static string Detail(BatchProgress p) =>
        (p.DocumentsFailed, p.DocumentsReused) switch
        {
            (0, 0) => "",
            (var failed, 0) => $" ({failed} failed)",
            (0, var reused) => $" ({reused} reused)",
            var (failed, reused) => $" ({failed} failed, {reused} reused)",
        };

    private static string Known(int count) => count < 0 ? "?" : count.ToString();

    private static string Eta(BatchProgress p) => p.EstimatedRemaining is { } eta ? eta.ToString(@"h\:mm\:ss") : "--";
}
