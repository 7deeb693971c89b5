using System.Diagnostics;
using Fleet.Engine.Pdf;

namespace Fleet.Tests.Fuzz;

/// <summary>
/// Damaged PDFs straight into PDFium and PdfPig: each opens and renders, or is rejected with a reason a person can
/// read. Any other exception, or a crash of the test process, is a bug. A failing case's bytes are kept for replay.
/// </summary>
public sealed class PdfFuzzTests
{
    private static readonly string[] ReasonPrefixes = ["damaged PDF: ", "not a PDF", "encrypted: ", "empty file"];

    [Test]
    public void Every_damaged_pdf_renders_or_is_rejected_with_a_clear_reason()
    {
        var outcomes = new Dictionary<string, int>();
        var started = Stopwatch.GetTimestamp();
        foreach (var input in FuzzCorpus.All())
        {
            var outcome = Run(input);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        TestContext.Out.WriteLine($"{FuzzCorpus.Cases} cases in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        foreach (var (outcome, count) in outcomes.OrderByDescending(o => o.Value))
        {
            TestContext.Out.WriteLine($"  {count,3} x {outcome}");
        }
    }

    private static string Run(FuzzCase input)
    {
        try
        {
            using (var textLayer = TextLayerDocument.Open(input.Bytes))
            {
                // Tolerant by contract: never throws, a page it cannot read has no words.
                for (var page = 1; page <= textLayer.PageCount; page++)
                {
                    _ = textLayer.Words(page);
                }
            }

            using var document = PdfiumDocument.Open(input.Bytes);
            for (var page = 0; page < document.PageCount; page++)
            {
                using var rendered = document.Render(page, 72, 50_000_000);
            }

            return "opened and rendered";
        }
        catch (PdfRejectedException e)
        {
            if (!ReasonPrefixes.Any(p => e.Message.StartsWith(p, StringComparison.Ordinal)))
            {
                Assert.Fail($"{input.Name}: rejected with an unclear reason: {Keep(input)}: {e.Message}");
            }

            return $"rejected: {e.Message}";
        }
        catch (Exception e)
        {
            Assert.Fail($"{input.Name}: {e.GetType().Name} escaped ({Keep(input)}): {e}");
            throw;
        }
    }

    private static string Keep(FuzzCase input)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, input.Name);
        File.WriteAllBytes(path, input.Bytes);
        return $"bytes kept at {path}";
    }
}
