using Fleet.Worker.Ocr;

namespace Fleet.Tests.Ocr;

public class OcrEnginePoolTests
{
    [Test]
    public void Concurrent_pages_on_a_pool_of_two_read_as_one_engine_reads_them()
    {
        using var page = TestPages.Blank();
        TestPages.DrawLines(page, ["The pool lends each page its own engine.", "Both pages must read alike."], TestPages.Margin, TestPages.Margin);
        using var pool = new OcrEnginePool(new OcrOptions { Engines = 2, IntraOpThreads = 1 });

        var texts = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4)
            .Select(_ => string.Join('\n', pool.Recognise(page).Lines.Select(l => l.Text)))
            .ToList();

        Assert.That(pool.Size, Is.EqualTo(2));
        Assert.That(texts, Has.All.EqualTo("The pool lends each page its own engine.\nBoth pages must read alike."));
    }

    [Test]
    public void Optimised_models_are_cached_and_reused()
    {
        var cache = Path.Combine(Path.GetTempPath(), "fleet-model-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (new PaddleOcrEngine(new OcrOptions { OptimizedModelDirectory = cache, IntraOpThreads = 1 }))
                Assert.That(Directory.GetFiles(cache, "*.ort"), Has.Length.EqualTo(2));

            using var page = TestPages.Blank();
            TestPages.DrawLines(page, ["Read with the cached model."], TestPages.Margin, TestPages.Margin);
            using var cached = new PaddleOcrEngine(new OcrOptions { OptimizedModelDirectory = cache, IntraOpThreads = 1 });

            Assert.That(cached.Recognise(page).Lines.Select(l => l.Text), Is.EqualTo(new[] { "Read with the cached model." }));
        }
        finally
        {
            if (Directory.Exists(cache))
                Directory.Delete(cache, recursive: true);
        }
    }
}
