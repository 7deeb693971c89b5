using System.Collections.Concurrent;

namespace Fleet.Worker.Ocr;

/// <summary>
/// Several <see cref="PaddleOcrEngine"/>s behind one thread-safe <see cref="IOcrEngine"/>: each call borrows a free
/// engine, so up to <see cref="OcrOptions.Engines"/> pages are recognised at once. On 2 cores two engines with one
/// intra-op thread each beat one engine with two threads, because most of the model's operators are small
/// elementwise ones that one thread runs without the cost of splitting them.
/// </summary>
public sealed class OcrEnginePool : IOcrEngine, IDisposable
{
    private readonly PaddleOcrEngine[] _engines;
    private readonly ConcurrentBag<PaddleOcrEngine> _free;
    private readonly SemaphoreSlim _available;

    public OcrEnginePool(OcrOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Engines, 1);
        var engines = new List<PaddleOcrEngine>(options.Engines);
        try
        {
            for (var i = 0; i < options.Engines; i++)
                engines.Add(new PaddleOcrEngine(options));
        }
        catch
        {
            foreach (var engine in engines)
                engine.Dispose();
            throw;
        }
        _engines = [.. engines];
        _free = new ConcurrentBag<PaddleOcrEngine>(_engines);
        _available = new SemaphoreSlim(_engines.Length, _engines.Length);
    }

    public string Name => _engines[0].Name;

    public int Size => _engines.Length;

    public OcrPage Recognise(SkiaSharp.SKBitmap page, CancellationToken cancellationToken = default)
    {
        _available.Wait(cancellationToken);
        // The semaphore guarantees a free engine is in the bag.
        if (!_free.TryTake(out var engine))
        {
            _available.Release();
            throw new InvalidOperationException("The OCR engine pool lost track of its free engines.");
        }
        try
        {
            return engine.Recognise(page, cancellationToken);
        }
        finally
        {
            _free.Add(engine);
            _available.Release();
        }
    }

    public void Dispose()
    {
        foreach (var engine in _engines)
            engine.Dispose();
        _available.Dispose();
    }
}
