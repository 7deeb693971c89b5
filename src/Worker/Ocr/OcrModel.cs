using Fleet.Worker.Ocr.Graph;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Fleet.Worker.Ocr;

/// <summary>
/// One ONNX model loaded once per process and shared by every page: its graph fused (see <see cref="GraphFusions"/>),
/// on CUDA when the GPU build of ONNX Runtime and a GPU are there, else on the CPU. <see cref="Run"/> is safe from
/// any thread; each call waits for a slot of the engine-wide <see cref="OcrOptions.ConcurrentRuns"/> gate, so pages
/// and lines recognised at once never ask for more cores than there are.
/// </summary>
internal sealed class OcrModel : IDisposable
{
    public const string CudaProvider = "CUDAExecutionProvider";

    private readonly InferenceSession _session;
    private readonly SemaphoreSlim _gate;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    private OcrModel(InferenceSession session, SemaphoreSlim gate, string provider)
    {
        _session = session;
        _gate = gate;
        _inputNames = [session.InputMetadata.Keys.First()];
        _outputNames = [session.OutputMetadata.Keys.First()];
        Provider = provider;
    }

    public const string CudaMissing = "Fleet:Ocr:Device is Cuda, but this build links the CPU-only ONNX Runtime; build with -p:OrtFlavor=Gpu.";

    /// <summary>Whether this build's ONNX Runtime has the CUDA execution provider (the GPU package).</summary>
    public static bool CudaCompiledIn => OrtEnv.Instance().GetAvailableProviders().Contains(CudaProvider);

    /// <summary>The execution provider the model runs on: CUDA or CPU.</summary>
    public string Provider { get; }

    public static OcrModel Load(string path, OcrOptions options, SemaphoreSlim gate, ILogger logger)
    {
        var bytes = File.ReadAllBytes(path);
        if (options.FuseGraph)
        {
            bytes = GraphFusions.Apply(bytes, out var counts);
            logger.LogDebug("Fused {Model}: {Counts}", Path.GetFileName(path), counts);
        }

        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
        };
        var provider = AppendGpuProvider(sessionOptions, options, logger) ? "CUDA" : "CPU";
        return new OcrModel(new InferenceSession(bytes, sessionOptions), gate, provider);
    }

    /// <summary>Runs the model on one input tensor; dispose the outputs when done with them.</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(OrtValue input, CancellationToken cancellationToken)
    {
        _gate.Wait(cancellationToken);
        try
        {
            using var runOptions = new RunOptions();
            return _session.Run(runOptions, _inputNames, [input], _outputNames);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _session.Dispose();

    /// <summary>
    /// CUDA when allowed, compiled into this ONNX Runtime (the Microsoft.ML.OnnxRuntime.Gpu package, built with
    /// <c>-p:OrtFlavor=Gpu</c>) and able to start on a device; otherwise false, with the reason logged.
    /// </summary>
    private static bool AppendGpuProvider(SessionOptions sessionOptions, OcrOptions options, ILogger logger)
    {
        if (options.Device == OcrDevice.Cpu)
            return false;
        if (!CudaCompiledIn)
        {
            if (options.Device == OcrDevice.Cuda)
                throw new InvalidOperationException(CudaMissing);
            logger.LogInformation("OCR runs on the CPU: this build links the CPU-only ONNX Runtime (build with -p:OrtFlavor=Gpu for CUDA).");
            return false;
        }
        try
        {
            sessionOptions.AppendExecutionProvider_CUDA(options.GpuDeviceId);
            logger.LogInformation("OCR runs on CUDA device {Device}.", options.GpuDeviceId);
            return true;
        }
        catch (OnnxRuntimeException ex) when (options.Device == OcrDevice.Auto)
        {
            logger.LogWarning("OCR falls back to the CPU: CUDA device {Device} could not be used ({Reason}).", options.GpuDeviceId, ex.Message);
            return false;
        }
    }
}
