using Fleet.Engine.Ocr.Graph;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Fleet.Engine.Ocr;

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
    private readonly RunGate _gate;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly ActivationRecorder? _recorder;

    private OcrModel(InferenceSession session, RunGate gate, string provider, bool int8, ActivationRecorder? recorder)
    {
        _session = session;
        _gate = gate;
        _recorder = recorder;
        _inputNames = [session.InputMetadata.Keys.First()];
        _outputNames = [session.OutputMetadata.Keys.First(), .. recorder?.Tensors ?? []];
        Provider = provider;
        Int8 = int8;
    }

    public const string CudaMissing = "Fleet:Ocr:Device is Cuda, but this build links the CPU-only ONNX Runtime; build with -p:OrtFlavor=Gpu.";

    /// <summary>Whether this build's ONNX Runtime has the CUDA execution provider (the GPU package).</summary>
    public static bool CudaCompiledIn => OrtEnv.Instance().GetAvailableProviders().Contains(CudaProvider);

    /// <summary>The execution provider the model runs on: CUDA or CPU.</summary>
    public string Provider { get; }

    /// <summary>Whether the model runs its backbone in 8-bit integers (see <see cref="Int8Quantizer"/>).</summary>
    public bool Int8 { get; }

    /// <summary>
    /// Loads a model. <paramref name="quantise"/> asks for <see cref="Int8Quantizer"/> on the CPU when the worker
    /// ships ranges for this model file; a <paramref name="recorder"/> instead keeps float32 and has every run report
    /// the tensors it names (calibration).
    /// </summary>
    public static OcrModel Load(string path, OcrOptions options, RunGate gate, ILogger logger,
        bool quantise = false, ActivationRecorder? recorder = null)
    {
        var original = File.ReadAllBytes(path);
        var bytes = original;
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
        var cuda = AppendGpuProvider(sessionOptions, options, logger);
        var int8 = false;
        if (recorder is not null)
        {
            var observed = OnnxModel.Parse(bytes);
            observed.AddOutputs(recorder.Tensors);
            bytes = observed.ToArray();
        }
        else if (quantise && !cuda)
        {
            (bytes, int8) = Quantised(path, original, bytes, options, sessionOptions, logger);
        }
        return new OcrModel(new InferenceSession(bytes, sessionOptions), gate, cuda ? "CUDA" : "CPU", int8, recorder);
    }

    /// <summary>The int8 model, or the float32 one with the reason logged when there are no ranges for it.</summary>
    private static (byte[] Model, bool Int8) Quantised(string path, byte[] original, byte[] fused, OcrOptions options,
        SessionOptions sessionOptions, ILogger logger)
    {
        if (!options.FuseGraph)
        {
            logger.LogWarning("The recogniser runs in float32: int8 needs Fleet:Ocr:FuseGraph, which is off.");
            return (fused, false);
        }
        // The model file is hashed once: to find its table, and to name it when there is none.
        var sha256 = Int8Calibration.Sha256(original);
        if (Int8Calibration.For(sha256) is not { } calibration)
        {
            logger.LogWarning("The recogniser runs in float32: this worker has no int8 calibration for {Model} (sha256 {Sha}).",
                Path.GetFileName(path), sha256);
            return (fused, false);
        }
        try
        {
            var lookup = options.NativeOperators && RegisterFleetOps(sessionOptions, logger);
            var quantised = Int8Quantizer.Apply(fused, calibration.TensorRanges(), lookup, out var convolutions);
            logger.LogDebug("Quantised {Model}: {Convolutions} convolutions in int8", Path.GetFileName(path), convolutions);
            return (quantised, true);
        }
        catch (Exception ex) when (ex is InvalidDataException or KeyNotFoundException)
        {
            logger.LogWarning("The recogniser runs in float32: {Model} could not be quantised ({Reason}).", Path.GetFileName(path), ex.Message);
            return (fused, false);
        }
    }

    /// <summary>Registers <see cref="FleetOps"/> with the session; false, with the reason logged, when it cannot.</summary>
    private static bool RegisterFleetOps(SessionOptions sessionOptions, ILogger logger)
    {
        const string Fallback = "the int8 recogniser's HardSwish runs as QLinearAdd + QLinearMul (same text, about a fifth fewer pages/s)";
        if (FleetOps.Library is not { } library)
        {
            logger.LogInformation("{Library} is not beside the worker (its build needs g++): " + Fallback + ".", FleetOps.FileName);
            return false;
        }
        try
        {
            sessionOptions.RegisterCustomOpLibrary(library);
            return true;
        }
        catch (OnnxRuntimeException ex)
        {
            logger.LogWarning("{Library} could not be loaded ({Reason}): " + Fallback + ".", library, ex.Message);
            return false;
        }
    }

    /// <summary>Runs the model on one input tensor; dispose the outputs when done with them.</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(OrtValue input, CancellationToken cancellationToken)
    {
        _gate.Wait(cancellationToken);
        try
        {
            using var runOptions = new RunOptions();
            var outputs = _session.Run(runOptions, _inputNames, [input], _outputNames);
            if (_recorder is not null)
            {
                for (var i = 1; i < _outputNames.Length; i++)
                    _recorder.Record(_outputNames[i], outputs[i].GetTensorDataAsSpan<float>());
                _recorder.RunDone();
            }
            return outputs;
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
