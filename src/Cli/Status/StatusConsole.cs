using Fleet.Cli.Run;
using Spectre.Console;

namespace Fleet.Cli.Status;

/// <summary>
/// Runs <c>fleet status</c>: one reading printed, or a live view redrawn until Ctrl+C. A first reading that fails ends
/// with one line and its exit code; once live, a failed reading is shown above the last good one and retried.
/// </summary>
public static class StatusConsole
{
    public static async Task<int> ExecuteAsync(Uri api, string? apiKey, bool once, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var client = new StatusClient(api, apiKey);
        var console = AnsiConsole.Console;
        StatusFeed feed;
        try
        {
            feed = await client.ReadAsync(cancellationToken);
        }
        catch (StatusException e)
        {
            var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            error.Profile.Width = Math.Max(error.Profile.Width, 200); // one line, even in a narrow log
            error.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
        var unicode = console.Profile.Capabilities.Unicode;

        if (once || !RunConsole.IsInteractive(console))
        {
            if (Console.IsOutputRedirected)
                console.Profile.Width = 200; // a file or a pipe has no window: one row per line
            console.Write(StatusView.Render(feed, api, unicode));
            return 0;
        }

        try
        {
            await console.Live(StatusView.Render(feed, api, unicode)).AutoClear(false).StartAsync(async live =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(interval, cancellationToken);
                    string? problem = null;
                    try
                    {
                        feed = await client.ReadAsync(cancellationToken);
                    }
                    catch (StatusException e)
                    {
                        problem = e.Message;
                    }
                    live.UpdateTarget(StatusView.Render(feed, api, unicode, problem));
                }
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C ends the view; the last reading stays on the screen.
        }
        return 0;
    }
}
