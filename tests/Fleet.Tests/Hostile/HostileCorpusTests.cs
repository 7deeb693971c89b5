using System.Diagnostics;
using System.Text.RegularExpressions;
using Fleet.Contracts;
using Fleet.Contracts.Results;
using Fleet.Tests.EndToEnd;
using Fleet.Tests.Support;

namespace Fleet.Tests.Hostile;

/// <summary>
/// Each hostile input goes through the real embedded pipeline beside an ordinary document: the hostile one ends with
/// the expected status and reason, and the ordinary one still succeeds. Then the whole corpus goes through one
/// <c>fleet run</c> process, which must stay under the memory bound: a worker's own peak, not this test host's, which
/// holds every fixture before it. Time and the host's peak are printed per case as information, not asserted.
/// </summary>
public sealed class HostileCorpusTests : EmbeddedFleetFixture
{
    /// <summary>The issue's bound on a worker's peak resident memory, whatever the input.</summary>
    private const long PeakBound = 1536L * 1024 * 1024;

    private const string Companion = "companion.pdf";

    [TestCaseSource(typeof(HostileCorpus), nameof(HostileCorpus.Cases))]
    public async Task Hostile_input_ends_with_its_expected_status_and_the_rest_of_the_batch_completes(HostileCase input)
    {
        AddInput(input.File, input.Make());
        AddInput(Companion, TestPdfs.BornDigital(["An ordinary letter that shares the batch with a hostile file."]));
        GC.Collect();
        var baseline = PeakMemory.CurrentBytes();
        var isolated = PeakMemory.TryReset();
        var started = Stopwatch.GetTimestamp();

        var manifest = await RunBatch(new ProcessingOptions(Mode: input.Mode));

        var elapsed = Stopwatch.GetElapsedTime(started);
        var peak = PeakMemory.PeakBytes();
        var entry = manifest.Documents.Single(d => d.Key == input.File);
        await TestContext.Out.WriteLineAsync(
            $"{input.File}: {entry.Status}{(entry.Reason is null ? "" : $" ({entry.Reason})")}, {elapsed.TotalSeconds:0.00} s, " +
            $"test host peak {PeakMemory.Megabytes(peak)} ({(isolated ? "this case" : "whole run")}), baseline {PeakMemory.Megabytes(baseline)}, " +
            $"pages {entry.Pages}");

        var text = entry.Status == DocumentStatus.Succeeded ? OutputText(Path.ChangeExtension(input.File, ".txt")) : "";
        if (input.Mode == ProcessingMode.Ocr)
        {
            await TestContext.Out.WriteLineAsync($"  OCR text: {text.Trim()}");
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(manifest.Totals.Documents, Is.EqualTo(2));
            Assert.That(entry.Status, Is.EqualTo(input.Status));
            Assert.That(entry.Reason, Is.EqualTo(input.Reason));
            if (input.Pages is { } pages)
            {
                Assert.That(entry.Pages.Total, Is.EqualTo(pages));
            }

            if (input.Text is { } phrase)
            {
                Assert.That(text, Does.Contain(phrase));
            }

            Assert.That(manifest.Documents.Single(d => d.Key == Companion).Status, Is.EqualTo(DocumentStatus.Succeeded), "the batch goes on");
        }
    }

    [Test]
    public async Task One_fleet_run_through_the_corpus_stays_under_the_memory_bound()
    {
        // Every input whose page must be rendered (the poster, the bomb, the image pages) and every broken one, in one
        // OCR run: a worker's peak is the largest render plus the models it holds. The text-layer cases render nothing.
        var cases = HostileCorpus.Cases().Where(c => c.Mode == ProcessingMode.Ocr || c.Status == DocumentStatus.Failed).ToList();
        foreach (var input in cases)
            AddInput(input.File, input.Make());

        var (exit, stdout, stderr) = await FleetCli.RunAsync(TimeSpan.FromMinutes(5), [], "run", Input.FullName, "--output", Output.FullName, "--mode", "ocr");
        await TestContext.Out.WriteLineAsync(stdout);

        var rendered = cases.Count(c => c.Status == DocumentStatus.Succeeded);
        var peak = Regex.Match(stdout, @"peak memory (\d+) MB");
        Assert.That(exit, Is.Zero, stdout + stderr);
        Assert.That(stdout, Does.Contain($"{cases.Count} documents: {rendered} succeeded, {cases.Count - rendered} failed; {rendered} pages (0 text layer, {rendered} OCR"));
        Assert.That(peak.Success, Is.True, stdout);
        Assert.That(long.Parse(peak.Groups[1].Value) * 1024 * 1024, Is.LessThan(PeakBound), "the fleet run's peak resident memory");
    }

    [Test]
    public async Task Rotated_pages_come_back_in_displayed_orientation_with_their_text()
    {
        foreach (var degrees in new[] { 90, 180, 270 })
        {
            AddInput($"rotated-{degrees}.pdf", TestPdfs.Rotated(degrees));
        }

        await RunBatch(new ProcessingOptions(Mode: ProcessingMode.Text));

        foreach (var degrees in new[] { 90, 180, 270 })
        {
            var page = OutputJson($"rotated-{degrees}.json").Pages.Single();
            var landscape = degrees % 180 != 0;
            Assert.That((page.Width, page.Height), Is.EqualTo(landscape ? (792.0, 612.0) : (612.0, 792.0)), $"{degrees} degrees");
            Assert.That(OutputText($"rotated-{degrees}.txt"), Does.Contain($"rotated by {degrees} degrees"));
        }
    }

    [Test]
    public async Task Mixed_page_sizes_keep_each_page_size_and_text()
    {
        AddInput("mixed.pdf", HostilePdfs.MixedPageSizes());

        await RunBatch(new ProcessingOptions(Mode: ProcessingMode.Text));

        var result = OutputJson("mixed.json");
        Assert.That(result.Pages.Select(p => (Math.Round(p.Width, 2), Math.Round(p.Height, 2))),
            Is.EqualTo(HostilePdfs.MixedSizes.Select(s => (s.Width, s.Height))));
        Assert.That(result.Pages.Select(p => p.Text), Is.EqualTo(HostilePdfs.MixedSizes.Select(s => $"This page is {s.Name}.")));
    }

    [Test]
    public async Task A_thousand_page_report_comes_back_complete_and_in_order()
    {
        AddInput("report.pdf", HostilePdfs.LongReport(HostileCorpus.LongReportPages));

        await RunBatch(new ProcessingOptions(Mode: ProcessingMode.Text, ChunkPages: 50));

        var pages = OutputText("report.txt").Split("\n\f")[..^1];
        Assert.That(pages, Has.Length.EqualTo(HostileCorpus.LongReportPages));
        Assert.That(pages[0], Is.EqualTo("Page 1 of the long report."));
        Assert.That(pages[^1], Is.EqualTo($"Page {HostileCorpus.LongReportPages} of the long report."));
    }

    [Test]
    public async Task Encrypted_pdf_with_an_empty_user_password_is_read()
    {
        AddInput("owner-only.pdf", TestPdfs.Encrypted(""));

        var manifest = await RunBatch(new ProcessingOptions(Mode: ProcessingMode.Ocr));

        Assert.That(manifest.Documents.Single().Status, Is.EqualTo(DocumentStatus.Succeeded));
        Assert.That(OutputText("owner-only.txt"), Does.Contain("This page is encrypted"));
    }
}
