using Fleet.Engine.Ocr;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Worker.Readiness;

/// <summary>
/// Loads the OCR engine when a worker process starts, not on its first page, so the first chunk is not slow and a
/// worker that cannot load its models says so at once. Readiness (<see cref="OcrEngineHealthCheck"/>) waits for it.
/// </summary>
public sealed partial class OcrEngineWarmup(Lazy<IOcrEngine> engine, ILogger<OcrEngineWarmup> logger) : BackgroundService
{
    private volatile string? _failure;

    public bool Loaded { get; private set; }

    public string? Failure => _failure;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        try
        {
            LogLoaded(engine.Value.Name);
            Loaded = true;
        }
        catch (Exception e)
        {
            _failure = e.Message;
            LogFailed(e);
        }
    }, stoppingToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "OCR engine loaded: {Engine}")]
    private partial void LogLoaded(string engine);

    [LoggerMessage(Level = LogLevel.Error, Message = "OCR engine failed to load; this worker stays unready")]
    private partial void LogFailed(Exception e);
}
