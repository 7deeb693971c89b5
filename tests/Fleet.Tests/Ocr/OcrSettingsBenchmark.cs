using Fleet.Tests.Support;
using Fleet.Worker.Ocr;

namespace Fleet.Tests.Ocr;

/// <summary>
/// Compares the engine's speed levers on a full 300-DPI page. Settings are run round-robin in one process so that
/// load from other work on the machine hits them alike; compare the ratios, not the absolute numbers. Explicit: it
/// takes a few minutes and only logs.
/// </summary>
[Explicit("Benchmark: run by name to compare settings")]
public class OcrSettingsBenchmark
{
    private static readonly (int Batch, int Threads)[] Settings = [(1, 2), (4, 2), (8, 2), (16, 2), (32, 2), (4, 1)];

    [Test]
    public void Recognition_batch_size_and_thread_count()
    {
        var lines = TestPages.FullPageLines(PaddleOcrEngineTests.Paragraphs);
        using var page = TestPages.Blank();
        TestPages.DrawLines(page, lines, TestPages.Margin, TestPages.Margin);
        var expected = string.Join('\n', lines);

        var engines = Settings
            .Select(s => new PaddleOcrEngine(new OcrOptions { RecognitionBatchSize = s.Batch, IntraOpThreads = s.Threads }))
            .ToArray();
        try
        {
            // Warm-up: the first run of each session allocates ONNX Runtime's arenas.
            foreach (var engine in engines)
                engine.Recognise(page);

            var detect = Settings.Select(_ => new List<double>()).ToArray();
            var recognise = Settings.Select(_ => new List<double>()).ToArray();
            var cer = new double[Settings.Length];
            for (var round = 0; round < 3; round++)
            {
                for (var i = 0; i < engines.Length; i++)
                {
                    var result = engines[i].Recognise(page);
                    detect[i].Add(result.DetectMs);
                    recognise[i].Add(result.RecogniseMs);
                    cer[i] = CharacterErrorRate.Compute(expected, string.Join('\n', result.Lines.Select(l => l.Text)));
                }
            }

            for (var i = 0; i < Settings.Length; i++)
            {
                TestContext.Out.WriteLine(
                    $"batch {Settings[i].Batch,2}, threads {Settings[i].Threads}: detect {Median(detect[i]),5:F0} ms, " +
                    $"recognise {Median(recognise[i]),5:F0} ms (runs {string.Join(", ", recognise[i].Select(r => r.ToString("F0")))}), CER {cer[i]:P2}");
            }
            Assert.That(cer, Has.All.LessThan(0.02));
        }
        finally
        {
            foreach (var engine in engines)
                engine.Dispose();
        }
    }

    [Test]
    public void Two_pages_one_engine_with_two_threads_versus_two_engines_with_one_thread_each()
    {
        var lines = TestPages.FullPageLines(PaddleOcrEngineTests.Paragraphs);
        using var page = TestPages.Blank();
        TestPages.DrawLines(page, lines, TestPages.Margin, TestPages.Margin);
        using var shared = new PaddleOcrEngine(new OcrOptions { IntraOpThreads = 2 });
        using var first = new PaddleOcrEngine(new OcrOptions { IntraOpThreads = 1 });
        using var second = new PaddleOcrEngine(new OcrOptions { IntraOpThreads = 1 });
        shared.Recognise(page);
        first.Recognise(page);
        second.Recognise(page);

        for (var round = 0; round < 2; round++)
        {
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            shared.Recognise(page);
            shared.Recognise(page);
            var sequential = stopwatch.Elapsed.TotalMilliseconds;

            stopwatch.Restart();
            Parallel.Invoke(() => first.Recognise(page), () => second.Recognise(page));
            var parallel = stopwatch.Elapsed.TotalMilliseconds;

            TestContext.Out.WriteLine(
                $"two pages: one engine × 2 threads {sequential:F0} ms ({sequential / 2:F0} ms/page), " +
                $"two engines × 1 thread in parallel {parallel:F0} ms ({parallel / 2:F0} ms/page)");
        }
        Assert.Pass();
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
