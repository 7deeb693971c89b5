using System.ComponentModel.DataAnnotations;

namespace Fleet.Worker;

/// <summary>Limits and concurrency of a worker. Hitting a limit fails that document with a clear reason.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Fleet:Worker";

    /// <summary>Largest input file accepted, in bytes (default 512 MiB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Most pages accepted in one document.</summary>
    [Range(1, 1_000_000)]
    public int MaxPages { get; set; } = 5_000;

    /// <summary>Pixel budget of one rendered page; larger pages are rendered downscaled to fit (default 50 MP).</summary>
    [Range(1_000_000, 500_000_000)]
    public long MaxPagePixels { get; set; } = 50_000_000;

    /// <summary>
    /// Wall-clock budget of one page: text layer, render and OCR (not time spent queueing for the OCR engine). A render
    /// cannot be interrupted inside PDFium, so an overrun there is caught when the render returns; OCR is cancelled.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan PageTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Pages whose mean OCR confidence is under this are flagged lowConfidence for review.</summary>
    [Range(0.0, 1.0)]
    public double LowConfidenceThreshold { get; set; } = 0.6;

    /// <summary>
    /// Folder for the local copies of input documents (see <see cref="Documents.DocumentCache"/>); blank for
    /// fleet-documents under the temp folder. Each worker process keeps its copies in a folder of its own in here.
    /// </summary>
    public string? DocumentCacheDirectory { get; set; }

    /// <summary>
    /// Bytes of local document copies kept for later chunks (default 4 GiB); the least recently used copy not being
    /// read goes first. Copies being read stay whatever their size.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long DocumentCacheBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// A document of at most this many pages whose every page has a good text layer is read and written out by the
    /// worker that inspects it, in that one step: no chunk or assembly messages, no chunk objects (most of the fleet's
    /// cost per born-digital document is messages). A document with a page that needs OCR goes the chunked way. 0: off.
    /// </summary>
    [Range(0, 10_000)]
    public int InlineTextLayerPages { get; set; } = 64;

    /// <summary>
    /// Keep each chunk's intermediate result (runs/&lt;batchId&gt;/chunks/...) after its document is assembled. Off by
    /// default: they are a second copy of every result, needed only until the document's outputs are written.
    /// </summary>
    public bool KeepChunkResults { get; set; }

    /// <summary>Page chunks processed at once: two let one chunk render while another is being recognised.</summary>
    [Range(1, 64)]
    public int ChunkConcurrency { get; set; } = 2;

    /// <summary>
    /// <c>POST /recognize</c> requests read at once, beside the chunks: each reads its pages one after another with the
    /// whole OCR engine, so one keeps a request's latency lowest; more serve more callers at once.
    /// </summary>
    [Range(1, 16)]
    public int RecognitionConcurrency { get; set; } = 1;

    /// <summary>
    /// On SIGTERM (a scale-down, a deploy) a worker stops taking chunks and gives the ones in flight this long to
    /// finish; chunks still running then are cancelled and handed back to the broker for another worker.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Test-only fault switch: a worker that receives a chunk of an input whose key contains this text ends its own
    /// process at once (Environment.FailFast), as a native crash or an OOM kill would, on every delivery. Lets tests
    /// prove that such a document fails after the broker's delivery limit instead of looping. Empty (the default): off.
    /// </summary>
    public string? CrashOnKeyContaining { get; set; }
}
