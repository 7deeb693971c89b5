using System.Runtime.InteropServices;

namespace Fleet.Engine.Ocr.Graph;

/// <summary>
/// Turns the recogniser's convolutional backbone (after <see cref="GraphFusions"/>) into 8-bit integer arithmetic, so
/// ONNX Runtime runs it with VNNI dot products in NHWC layout instead of float32 FMAs. The profile decided this: after
/// fusion, nine tenths of a line's time was float32 convolution running near the core's peak.
/// <list type="bullet">
/// <item>Activations are uint8 with one scale and zero point per tensor, taken from <see cref="TensorRange"/>s measured
/// by <c>fleet bench calibrate</c>; weights are int8 with one scale per output channel, biases int32.</item>
/// <item>The backbone is written channels-last (NHWC) from its first to its last byte: one Transpose in, one out, and
/// ONNX Runtime's NHWC kernels (QLinearConv with channels_last) in between, with nothing for its layout pass to undo.</item>
/// <item>Every Conv after the stem becomes a QLinearConv. x·HardSigmoid(x) becomes one 256-entry table lookup
/// (<see cref="FleetOps.LookupU8"/>, Fleet's native operator) when that library is loaded; otherwise QLinearAdd(x, 3),
/// whose uint8 saturation is the clip to [0, 6], then QLinearMul. Either way HardSwish never leaves uint8.</item>
/// <item>Scalar affines (the learnable affine blocks, as Mul/Add or as 1×1 depthwise Conv) cost nothing: they only
/// change the scale and zero point a uint8 tensor is read with. The zero point absorbs the shift rounded to a whole
/// step; exact padding semantics are kept, since QLinearConv pads with the zero point, i.e. with a real 0.</item>
/// <item>Squeeze-excitation gates read uint8 through QLinearGlobalAveragePool and QLinearMul; the small gate
/// convolutions, the final pooling and the SVTR neck stay float32.</item>
/// <item>The CTC head's product by its 120 × 6625 weights (a sixth of a line's time in float32, with its bias Add)
/// becomes one DynamicQuantizeMatMul: int8 weights per class, the features quantised per run, the bias fused.</item>
/// </list>
/// </summary>
internal static class Int8Quantizer
{
    private const string Contrib = "com.microsoft";
    private static readonly long[] ToNhwc = [0, 2, 3, 1];
    private static readonly long[] ToNchw = [0, 3, 1, 2];

    /// <summary>The tensors whose ranges <see cref="Apply"/> needs, in graph order.</summary>
    public static IReadOnlyList<string> CalibrationTensors(byte[] fusedModel)
    {
        var names = new List<string>();
        Rewrite(OnnxModel.Parse(fusedModel), name =>
        {
            names.Add(name);
            return new TensorRange(-1, 1);
        }, lookup: false, out _);
        return names;
    }

    /// <summary>
    /// The quantised model; throws <see cref="KeyNotFoundException"/> when a needed range is missing. With
    /// <paramref name="lookup"/> HardSwish is <see cref="FleetOps.LookupU8"/>, which the session must then register.
    /// </summary>
    public static byte[] Apply(byte[] fusedModel, IReadOnlyDictionary<string, TensorRange> ranges, bool lookup, out int convolutions)
    {
        var graph = OnnxModel.Parse(fusedModel);
        Rewrite(graph, name => ranges.TryGetValue(name, out var range)
            ? range
            : throw new KeyNotFoundException($"No calibrated range for tensor {name}."), lookup, out convolutions);
        return graph.ToArray();
    }

    /// <summary>A uint8 twin of a float tensor: its name and how to read it back as real values.</summary>
    private readonly record struct Quantised(string Name, float Scale, byte ZeroPoint);

    private static void Rewrite(OnnxModel graph, Func<string, TensorRange> rangeOf, bool lookup, out int convolutions)
    {
        convolutions = 0;
        var nodes = graph.Nodes.ToList();
        // The backbone: from the first depthwise convolution (the stem before it sees 3 channels) to the pooling that
        // closes it, before the SVTR neck.
        var first = nodes.FindIndex(n => n.Is("Conv") && (n.IntAttribute("group") ?? 1) > 1);
        var last = nodes.FindIndex(n => n.Is("AveragePool"));
        if (first < 0 || last < first)
            throw new InvalidDataException("The model does not have the PP-LCNetV3 backbone this quantiser knows.");

        var rewritten = new List<OnnxNode>(nodes.Count);
        var twins = new Dictionary<string, Quantised>();
        string Scalar(float value) => graph.AddConstant("q.scale", [], OnnxTensor.ElementType.Float, BitConverter.GetBytes(value));
        string Byte(byte value) => graph.AddConstant("q.zero", [], OnnxTensor.ElementType.UInt8, [value]);
        OnnxNode Add(string opType, string output, string[] inputs, string domain = "")
        {
            var node = new OnnxNode { OpType = opType, Name = output, Domain = domain };
            node.Inputs.AddRange(inputs);
            node.Outputs.Add(output);
            rewritten.Add(node);
            return node;
        }
        string[] Read(Quantised q) => [q.Name, Scalar(q.Scale), Byte(q.ZeroPoint)];
        void Transpose(string from, string to, long[] perm) => Add("Transpose", to, [from]).SetIntsAttribute("perm", perm);
        Quantised Twin(string floatName, (float Scale, byte ZeroPoint) p) => twins[floatName] = new Quantised($"{floatName}.u8", p.Scale, p.ZeroPoint);

        var entry = nodes[first].Inputs[0];
        foreach (var node in nodes.Take(first))
            rewritten.Add(node);
        var input = Twin(entry, Parameters(graph, entry, rangeOf(entry)));
        Add("QuantizeLinear", $"{entry}.u8nchw", [entry, Scalar(input.Scale), Byte(input.ZeroPoint)]);
        Transpose($"{entry}.u8nchw", input.Name, ToNhwc);

        for (var i = first; i <= last; i++)
        {
            var node = nodes[i];
            var quantisedInput = node.Inputs.FirstOrDefault(twins.ContainsKey);
            if (node.OpType == "Constant" || quantisedInput is null)
            {
                rewritten.Add(node); // constants, and the float32 insides of the squeeze-excitation gates
                continue;
            }
            var x = twins[quantisedInput];
            var other = node.Inputs.Count == 2 ? node.OtherInput(quantisedInput) : null;
            var output = node.Outputs[0];

            switch (node.OpType)
            {
                case "Conv" when Redeclared(graph, node, x) is { } affine:
                    twins[output] = affine;
                    break;
                case "Conv":
                    var y = Twin(output, Parameters(graph, output, rangeOf(output)));
                    var (w, wScale, wZero, bias) = Weights(graph, node, x.Scale);
                    var conv = Add("QLinearConv", y.Name, [.. Read(x), w, wScale, wZero, Scalar(y.Scale), Byte(y.ZeroPoint), bias], Contrib);
                    conv.Attributes.AddRange(node.Attributes);
                    conv.SetIntAttribute("channels_last", 1);
                    convolutions++;
                    break;
                case "HardSigmoid":
                    if (node.FloatAttribute("alpha") is not { } alpha || Math.Abs(alpha - 1f / 6f) > 1e-6f || node.FloatAttribute("beta") is not 0.5f)
                        throw new InvalidDataException($"HardSigmoid {node.Name} is not the one HardSwish uses.");
                    var mul = nodes.Skip(i + 1).First(n => n.Is("Mul") && n.Inputs.Contains(output) && n.Inputs.Contains(quantisedInput));
                    var swish = Twin(mul.Outputs[0], Parameters(graph, mul.Outputs[0], rangeOf(mul.Outputs[0])));
                    if (lookup)
                    {
                        var table = graph.AddConstant("q.hardswish", [256], OnnxTensor.ElementType.UInt8, HardSwishTable(x, swish));
                        Add(FleetOps.LookupU8, swish.Name, [x.Name, table], FleetOps.Domain);
                        break;
                    }
                    // relu6(x + 3) in uint8 over [0, 6]: saturation does the clip. Read as [0, 1] it is HardSigmoid(x).
                    var gate = $"{output}.u8";
                    Add("QLinearAdd", gate, [.. Read(x), Byte(255), Scalar(3f / 255), Byte(0), Scalar(6f / 255), Byte(0)], Contrib);
                    Add("QLinearMul", swish.Name, [.. Read(x), gate, Scalar(1f / 255), Byte(0), Scalar(swish.Scale), Byte(swish.ZeroPoint)], Contrib);
                    break;
                case "Mul" when twins.ContainsKey(output):
                    break; // the second half of a HardSwish, written with its HardSigmoid
                case "Mul" or "Add" when other is not null && graph.Scalar(other) is { } c:
                    twins[output] = Rescaled(node, x, c);
                    break;
                case "Mul" when other is not null:
                    // A squeeze-excitation gate in [0, 1], one per channel ([N, C, 1, 1] from the float32 gate
                    // convolutions, so [N, 1, 1, C] channels-last), times the uint8 features.
                    var gateU8 = $"{other}.u8";
                    Add("QuantizeLinear", $"{other}.u8nchw", [other, Scalar(1f / 255), Byte(0)]);
                    Transpose($"{other}.u8nchw", gateU8, ToNhwc);
                    var scaled = Twin(output, Parameters(graph, output, rangeOf(output)));
                    Add("QLinearMul", scaled.Name, [.. Read(x), gateU8, Scalar(1f / 255), Byte(0), Scalar(scaled.Scale), Byte(scaled.ZeroPoint)], Contrib);
                    break;
                case "AveragePool":
                    // The backbone's end: float32 from here, for the neck. Pooling after dequantising is the faster
                    // way there (ONNX Runtime's QLinearAveragePool took 0.8 ms of a 2400-px line, this 0.4).
                    Add("DequantizeLinear", $"{output}.nhwc", [.. Read(x)]);
                    Transpose($"{output}.nhwc", $"{output}.nchw", ToNchw);
                    Add("AveragePool", output, [$"{output}.nchw"]).Attributes.AddRange(node.Attributes);
                    break;
                case "GlobalAveragePool":
                    // A squeeze-excitation gate's input. An average stays inside its input's range: same scale and
                    // zero point out. The gate convolutions read it as float32, channels-first.
                    var pooled = $"{output}.u8";
                    var pool = Add("QLinearGlobalAveragePool", pooled, [.. Read(x), Scalar(x.Scale), Byte(x.ZeroPoint)], Contrib);
                    pool.Attributes.AddRange(node.Attributes);
                    pool.SetIntAttribute("channels_last", 1);
                    Add("DequantizeLinear", $"{output}.nhwc", [pooled, Scalar(x.Scale), Byte(x.ZeroPoint)]);
                    Transpose($"{output}.nhwc", output, ToNchw);
                    break;
                default:
                    throw new InvalidDataException($"Cannot quantise {node.OpType} {node.Name}.");
            }
        }
        rewritten.AddRange(nodes.Skip(last + 1));
        QuantiseHead(graph, rewritten);

        var original = nodes.ToHashSet();
        graph.Nodes.RemoveAll(original.Contains);
        var constants = graph.Nodes.ToList();
        graph.Nodes.Clear();
        graph.Nodes.AddRange(constants);
        graph.Nodes.AddRange(rewritten);
        UpgradeSlices(graph);
        graph.SetOpset("", Math.Max(10, graph.Opset("")));
        graph.SetOpset(Contrib, 1);
        if (lookup)
            graph.SetOpset(FleetOps.Domain, 1);
        graph.RemoveUnusedConstants();
    }

    /// <summary>
    /// uint8 scale and zero point covering <paramref name="range"/> (widened to hold 0, which must be exact). When a
    /// scalar affine a·x + b reads the tensor next, the scale is widened a little so that b is a whole number of steps:
    /// the affine then moves the zero point exactly instead of shifting every value by up to half a step.
    /// </summary>
    private static (float Scale, byte ZeroPoint) Parameters(OnnxModel graph, string tensor, TensorRange range)
    {
        var min = Math.Min(0f, range.Min);
        var max = Math.Max(0f, range.Max);
        var scale = Math.Max(1e-8f, (max - min) / 255f);
        if (AffineAfter(graph, tensor) is var (a, b) && a > 0 && Math.Truncate(b / (a * scale)) is var steps && steps != 0)
            scale = (float)(b / (a * steps));
        return (scale, (byte)Math.Clamp(Math.Round(-min / scale), 0, 255));
    }

    /// <summary>The scalar affine a·x + b that alone reads <paramref name="tensor"/>, as Mul/Add or 1×1 depthwise Conv.</summary>
    private static (float A, float B)? AffineAfter(OnnxModel graph, string tensor)
    {
        if (graph.SoleConsumer(tensor) is not { } next)
            return null;
        if (next.Is("Conv") && UniformDepthwise(graph, next) is { } affine)
            return affine;
        if (next.Inputs.Count != 2 || graph.Scalar(next.OtherInput(tensor) ?? "") is not { } c)
            return null;
        if (next.Is("Add"))
            return (1, c);
        if (!next.Is("Mul"))
            return null;
        return graph.SoleConsumer(next.Outputs[0]) is { } add && add.Is("Add") && graph.Scalar(add.OtherInput(next.Outputs[0]) ?? "") is { } d
            ? (c, d)
            : (c, 0);
    }

    /// <summary>The weight and bias of a 1×1 depthwise Conv that has one of each for all channels; else null.</summary>
    private static (float A, float B)? UniformDepthwise(OnnxModel graph, OnnxNode conv)
    {
        if (GraphFusions.Weights(graph, conv) is not ({ Dims: [var channels, 1, 1, 1] } weights, var bias) || conv.IntAttribute("group") != channels)
            return null;
        var a = weights.Data[0];
        return weights.Data.All(w => w == a) && bias.All(v => v == bias[0]) ? (a, bias[0]) : null;
    }

    /// <summary>
    /// The CTC head, MatMul by a constant [K, N] then Add of a constant [N] bias before the final Softmax, as one
    /// DynamicQuantizeMatMul: int8 weights with a scale per class, the features quantised to uint8 per run, the bias
    /// added to the int32 sums.
    /// </summary>
    private static void QuantiseHead(OnnxModel graph, List<OnnxNode> nodes)
    {
        var softmax = nodes.LastOrDefault(n => n.Is("Softmax"));
        var add = softmax is null ? null : nodes.LastOrDefault(n => n.Is("Add") && n.Outputs[0] == softmax.Inputs[0]);
        var matMul = add is null ? null : nodes.LastOrDefault(n => n.Is("MatMul") && add.Inputs.Contains(n.Outputs[0]));
        if (matMul is null || graph.Constant(matMul.Inputs[1]) is not { Dims: [var k, var n] } weights
            || graph.Constant(add!.OtherInput(matMul.Outputs[0]) ?? "") is not { } bias || bias.Data.Length != n)
            throw new InvalidDataException("The model does not end in the MatMul + Add + Softmax head this quantiser knows.");

        // A class's weights are a column of the [K, N] matrix: N apart.
        var (quantised, scales) = PerChannel(weights.Data, (int)n, channelStride: 1, elementStride: (int)n);
        var head = new OnnxNode { OpType = "DynamicQuantizeMatMul", Name = add.Name, Domain = Contrib };
        head.Inputs.AddRange([
            matMul.Inputs[0],
            graph.AddConstant("head.w", [k, n], OnnxTensor.ElementType.Int8, MemoryMarshal.AsBytes(quantised.AsSpan()).ToArray()),
            graph.AddConstant("head.w_scale", [n], OnnxTensor.ElementType.Float, MemoryMarshal.AsBytes(scales.AsSpan()).ToArray()),
            graph.AddConstant("head.w_zero", [n], OnnxTensor.ElementType.Int8, new byte[n]),
            add.OtherInput(matMul.Outputs[0])!]);
        head.Outputs.Add(add.Outputs[0]);
        nodes[nodes.IndexOf(add)] = head;
        nodes.Remove(matMul);
    }

    /// <summary>HardSwish(x) = x·clip(x + 3, 0, 6) / 6 from every uint8 value of <paramref name="x"/> to one of <paramref name="y"/>.</summary>
    private static byte[] HardSwishTable(Quantised x, Quantised y)
    {
        var table = new byte[256];
        for (var q = 0; q < table.Length; q++)
        {
            var v = (q - x.ZeroPoint) * (double)x.Scale;
            var swish = v * Math.Clamp(v + 3, 0, 6) / 6;
            table[q] = (byte)Math.Clamp(Math.Round(swish / y.Scale) + y.ZeroPoint, 0, 255);
        }
        return table;
    }

    /// <summary>x·c or x + c on a uint8 tensor: the same bytes read with another scale or zero point.</summary>
    private static Quantised Rescaled(OnnxNode node, Quantised x, float c)
    {
        if (node.Is("Mul") && c > 0)
            return x with { Scale = x.Scale * c };
        var zeroPoint = x.ZeroPoint - c / x.Scale;
        if (node.Is("Add") && zeroPoint is >= 0 and <= 255)
            return x with { ZeroPoint = (byte)Math.Round(zeroPoint) };
        throw new InvalidDataException($"Cannot fold {node.OpType} by {c} into a uint8 tensor's scale.");
    }

    /// <summary>A 1×1 depthwise Conv with one weight a > 0 and one bias b for all channels, as a re-read; else null.</summary>
    private static Quantised? Redeclared(OnnxModel graph, OnnxNode conv, Quantised x)
    {
        if (UniformDepthwise(graph, conv) is not var (a, b) || a <= 0)
            return null;
        var scale = x.Scale * a;
        var zeroPoint = x.ZeroPoint - b / scale;
        return zeroPoint is >= 0 and <= 255 ? x with { Scale = scale, ZeroPoint = (byte)Math.Round(zeroPoint) } : null;
    }

    /// <summary>int8 weights with a scale per output channel, their zero points, and the int32 bias.</summary>
    private static (string Weights, string Scales, string ZeroPoints, string Bias) Weights(OnnxModel graph, OnnxNode conv, float inputScale)
    {
        var (weights, bias) = GraphFusions.Weights(graph, conv)
            ?? throw new InvalidDataException($"Conv {conv.Name} has no constant weights and bias.");
        var outputs = (int)weights.Dims[0];
        // An output channel's weights are contiguous: [outputs, inputs / group, kh, kw].
        var (quantised, scales) = PerChannel(weights.Data, outputs, channelStride: weights.Data.Length / outputs, elementStride: 1);
        var quantisedBias = new int[outputs];
        for (var o = 0; o < outputs; o++)
            quantisedBias[o] = (int)Math.Clamp(Math.Round(bias[o] / (inputScale * scales[o])), int.MinValue, int.MaxValue);
        return (
            graph.AddConstant($"{conv.Outputs[0]}.w", weights.Dims, OnnxTensor.ElementType.Int8, MemoryMarshal.AsBytes(quantised.AsSpan()).ToArray()),
            graph.AddConstant($"{conv.Outputs[0]}.w_scale", [outputs], OnnxTensor.ElementType.Float, MemoryMarshal.AsBytes(scales.AsSpan()).ToArray()),
            graph.AddConstant($"{conv.Outputs[0]}.w_zero", [outputs], OnnxTensor.ElementType.Int8, new byte[outputs]),
            graph.AddConstant($"{conv.Outputs[0]}.b", [outputs], OnnxTensor.ElementType.Int32, MemoryMarshal.AsBytes(quantisedBias.AsSpan()).ToArray()));
    }

    /// <summary>
    /// Symmetric int8 weights with one scale per channel (its largest magnitude maps to 127): channel c's weights are
    /// <paramref name="weights"/>[c·channelStride + i·elementStride].
    /// </summary>
    private static (sbyte[] Values, float[] Scales) PerChannel(float[] weights, int channels, int channelStride, int elementStride)
    {
        var perChannel = weights.Length / channels;
        var values = new sbyte[weights.Length];
        var scales = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var max = 0f;
            for (var i = 0; i < perChannel; i++)
                max = Math.Max(max, Math.Abs(weights[c * channelStride + i * elementStride]));
            scales[c] = max > 0 ? max / 127f : 1f;
            for (var i = 0; i < perChannel; i++)
            {
                var at = c * channelStride + i * elementStride;
                values[at] = (sbyte)Math.Clamp(Math.Round(weights[at] / scales[c]), -127, 127);
            }
        }
        return (values, scales);
    }

    /// <summary>Slice-1 attributes become Slice-10 inputs: QLinearConv needs opset 10, where Slice reads them so.</summary>
    private static void UpgradeSlices(OnnxModel graph)
    {
        foreach (var slice in graph.Nodes.Where(n => n.Is("Slice") && n.Inputs.Count == 1).ToList())
        {
            var starts = slice.IntsAttribute("starts");
            var ends = slice.IntsAttribute("ends");
            var axes = slice.IntsAttribute("axes");
            slice.Attributes.Clear();
            string Int64s(List<long> values) => graph.AddConstant($"{slice.Outputs[0]}.slice", [values.Count], OnnxTensor.ElementType.Int64,
                MemoryMarshal.AsBytes(values.ToArray().AsSpan()).ToArray());
            slice.Inputs.Add(Int64s(starts));
            slice.Inputs.Add(Int64s(ends));
            if (axes.Count > 0)
                slice.Inputs.Add(Int64s(axes));
        }
    }
}

/// <summary>The values a float tensor took on calibration data, which its uint8 form must cover.</summary>
internal readonly record struct TensorRange(float Min, float Max);
