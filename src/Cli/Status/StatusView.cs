using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Fleet.Cli.Status;

/// <summary>
/// The dashboard's numbers as text: a summary line, the queues with depth and oldest-message age, the workers with
/// their chunks in flight, and the batches with a progress bar, pages done/total, failed documents and ETA.
/// </summary>
public static class StatusView
{
    private const int BarWidth = 20;

    public static IRenderable Render(StatusFeed feed, Uri api, bool unicode, string? problem = null)
    {
        var rows = new List<IRenderable>
        {
            new Markup(Invariant($"Fleet at [bold]{Markup.Escape(api.ToString())}[/], tenant {Markup.Escape(feed.Tenant)}, read {feed.At?.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z")),
            new Markup(string.Join("   ",
                Invariant($"pages/s [bold]{feed.PagesPerSecond:0.00}[/]"),
                Invariant($"failures/s [bold]{feed.FailuresPerSecond:0.000}[/]"),
                Invariant($"workers [bold]{feed.Workers.Count}[/] ({feed.Workers.Sum(w => w.ChunksInFlight)} chunks in flight)"),
                Invariant($"error queue [{(feed.ErrorQueueMessages > 0 ? "red" : "green")}]{feed.ErrorQueueMessages}[/]"),
                Invariant($"batches in flight [bold]{feed.BatchesInFlight}[/]"))),
        };
        if (feed.QueueError is { } queueError)
            rows.Add(new Markup($"[yellow]queues not read:[/] {Markup.Escape(queueError)}"));
        if (problem is not null)
            rows.Add(new Markup($"[red]{Markup.Escape(problem)}[/] (showing the last reading)"));
        rows.Add(Queues(feed));
        rows.Add(Workers(feed));
        rows.Add(Batches(feed, unicode));
        return new Rows(rows);
    }

    private static Table Queues(StatusFeed feed)
    {
        var table = new Table().Border(TableBorder.Simple).Title("queues")
            .AddColumn("queue").AddColumn(Right("depth")).AddColumn(Right("in flight")).AddColumn(Right("consumers")).AddColumn(Right("oldest (s)"));
        foreach (var q in feed.Queues.OrderBy(q => q.Queue, StringComparer.Ordinal))
        {
            var depth = q.Queue.EndsWith("_error", StringComparison.Ordinal) && q.Depth > 0 ? $"[red]{q.Depth}[/]" : q.Depth.ToString(CultureInfo.InvariantCulture);
            table.AddRow(Markup.Escape(q.Queue), depth, Invariant($"{q.InFlight}"), Invariant($"{q.Consumers}"), Invariant($"{q.OldestMessageAgeSeconds:0.0}"));
        }
        if (feed.Queues.Count == 0)
            table.AddRow("[grey]no queues yet[/]", "", "", "", "");
        return table;
    }

    private static Table Workers(StatusFeed feed)
    {
        var table = new Table().Border(TableBorder.Simple).Title("workers").AddColumn("worker").AddColumn(Right("chunks in flight"));
        foreach (var w in feed.Workers.OrderBy(w => w.Name, StringComparer.Ordinal))
            table.AddRow(Markup.Escape(w.Name), Invariant($"{w.ChunksInFlight}"));
        if (feed.Workers.Count == 0)
            table.AddRow("[grey]no worker connected to the page-chunk queue[/]", "");
        return table;
    }

    private static Table Batches(StatusFeed feed, bool unicode)
    {
        var table = new Table().Border(TableBorder.Simple).Title("batches")
            .AddColumn("batch").AddColumn("tag").AddColumn("state").AddColumn(Right("documents")).AddColumn(Right("failed"))
            .AddColumn(Right("pages")).AddColumn("progress").AddColumn(Right("ETA"));
        foreach (var b in feed.Batches)
        {
            var fraction = b.PagesTotal > 0 ? Math.Clamp((double)b.PagesDone / b.PagesTotal, 0, 1) : b.EndedAt is null ? 0 : 1;
            table.AddRow(
                b.BatchId.ToString(), Markup.Escape(b.Tag ?? ""), Markup.Escape(b.State),
                Invariant($"{b.Finished}/{b.Documents}"),
                b.Failed > 0 ? Invariant($"[red]{b.Failed}[/]") : "0",
                Invariant($"{b.PagesDone}/{b.PagesTotal}"),
                Bar(fraction, unicode),
                b.EndedAt is not null ? "done" : Eta(b.EtaSeconds));
        }
        if (feed.Batches.Count == 0)
            table.AddRow("[grey]no batch in flight or ended in the last minutes[/]", "", "", "", "", "", "", "");
        return table;
    }

    private static string Bar(double fraction, bool unicode)
    {
        var filled = (int)Math.Round(fraction * BarWidth);
        var (full, empty) = unicode ? ('█', '░') : ('#', '-');
        return Invariant($"[green]{new string(full, filled)}[/][grey]{new string(empty, BarWidth - filled)}[/] {fraction * 100,3:0}%");
    }

    private static string Eta(double? seconds) => seconds switch
    {
        null => "-",
        < 60 => Invariant($"{seconds:0} s"),
        < 3600 => Invariant($"{Math.Floor(seconds.Value / 60):0} min {seconds % 60:0} s"),
        _ => Invariant($"{Math.Floor(seconds.Value / 3600):0} h {Math.Floor(seconds.Value % 3600 / 60):0} min"),
    };

    private static TableColumn Right(string name) => new TableColumn(name).RightAligned();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
