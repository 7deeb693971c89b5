using Fleet.Contracts.Results;
using Spectre.Console;

namespace Fleet.Cli.Run;

/// <summary>
/// The end of a run: one row per document (status: succeeded, reused or failed; pages by source; reason), totals with
/// the process's peak resident memory (what a worker running such inputs needs), where the manifest is.
/// </summary>
public static class RunSummary
{
    public static void Write(IAnsiConsole console, Manifest manifest, string manifestPath)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn(new TableColumn("document").NoWrap())
            .AddColumn(new TableColumn("status").NoWrap())
            .AddColumn(new TableColumn("pages").RightAligned().NoWrap())
            .AddColumn(new TableColumn("text/ocr/low").NoWrap())
            .AddColumn(new TableColumn("s").RightAligned().NoWrap())
            .AddColumn("reason");
        foreach (var d in manifest.Documents)
        {
            var status = d.Status != DocumentStatus.Succeeded ? "[red]failed[/]" : d.Reused ? "[green]reused[/]" : "[green]succeeded[/]";
            table.AddRow(Markup.Escape(d.Key), status, d.Pages.Total.ToString(), $"{d.Pages.TextLayer}/{d.Pages.Ocr}/{d.Pages.LowConfidence}",
                (d.ElapsedMs / 1000).ToString("0.0"), Markup.Escape(d.Reason ?? ""));
        }
        console.Write(table);

        var t = manifest.Totals;
        var failedColour = t.Failed > 0 ? "red" : "green";
        console.MarkupLine(
            $"{Count(t.Documents, "document")}: [green]{t.Succeeded} succeeded[/], [{failedColour}]{t.Failed} failed[/]; " +
            $"{Count(t.Pages.Total, "page")} ({t.Pages.TextLayer} text layer, {t.Pages.Ocr} OCR, {t.Pages.LowConfidence} low confidence) " +
            $"in {t.ElapsedMs / 1000:0.0} s, {t.PagesPerSecond:0.00} pages/s, peak memory {PeakMegabytes()} MB" +
            (t.Reused > 0 ? $"; {t.Reused} reused from earlier results (--rerun processes them again)" : ""));
        console.MarkupLineInterpolated($"Manifest: {manifestPath}");
    }

    /// <summary>The process's peak resident set so far (VmHWM on Linux), in MiB.</summary>
    private static long PeakMegabytes()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / (1024 * 1024);
    }

    /// <summary>"1 document", "2 documents".</summary>
    public static string Count(long n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
