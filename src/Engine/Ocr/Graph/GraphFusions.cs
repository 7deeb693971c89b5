namespace Fleet.Engine.Ocr.Graph;

/// <summary>
/// Exact algebraic rewrites of the PP-OCRv4 graphs that ONNX Runtime's own optimiser leaves alone. The models come
/// from Paddle2ONNX at opset 9, where each PPLCNetV3 block is Conv → ×a+b (a learnable affine) → HardSwish spelt as
/// Add, Clip, Mul, Div → ×c+d → Conv: eight full passes over the activations for every convolution, which made the
/// elementwise operators slower than the convolutions themselves. After these rewrites a block is Conv →
/// HardSigmoid → Mul → Conv (with ×c+d as a 1×1 depthwise Conv before the padded depthwise convolutions), and ONNX
/// Runtime fuses each HardSigmoid·x into its blocked (NCHWc) convolution: on one 2400-pixel line the recogniser went
/// from 150 to 101 ms on one thread, with outputs equal to 2e-6.
/// </summary>
internal static class GraphFusions
{
    public readonly record struct Counts(int AffinesIntoConv, int HardSwishes, int AffinesIntoNextConv, int AffinesAsConv, int ConstantsRemoved)
    {
        public int Total => AffinesIntoConv + HardSwishes + AffinesIntoNextConv + AffinesAsConv;
    }

    public static byte[] Apply(byte[] model, out Counts counts)
    {
        var graph = OnnxModel.Parse(model);
        var intoConv = FoldAffinesIntoConv(graph);
        var hardSwishes = FuseHardSwishes(graph);
        var intoNextConv = FoldAffinesIntoNextConv(graph);
        var asConv = AffinesAsConv(graph);
        var removed = graph.RemoveUnusedConstants();
        counts = new Counts(intoConv, hardSwishes, intoNextConv, asConv, removed);
        return counts.Total == 0 ? model : graph.ToArray();
    }

    /// <summary>Conv(W, B) → Mul(a) [→ Add(b)] with scalar a, b becomes Conv(a·W, a·B + b).</summary>
    private static int FoldAffinesIntoConv(OnnxModel graph)
    {
        var folded = 0;
        foreach (var conv in graph.Nodes.Where(n => n.Is("Conv")).ToList())
        {
            if (Weights(graph, conv) is not var (weights, bias))
                continue;
            if (graph.SoleConsumer(conv.Outputs[0]) is not { } mul || !mul.Is("Mul")
                || mul.OtherInput(conv.Outputs[0]) is not { } scaleName || graph.Scalar(scaleName) is not { } scale)
                continue;

            var last = mul;
            var shift = 0f;
            if (graph.SoleConsumer(mul.Outputs[0]) is { } add && add.Is("Add")
                && add.OtherInput(mul.Outputs[0]) is { } shiftName && graph.Scalar(shiftName) is { } b)
            {
                last = add;
                shift = b;
            }

            var scaled = weights.Data.Select(w => w * scale).ToArray();
            var newBias = bias.Select(v => v * scale + shift).ToArray();
            SetWeights(graph, conv, weights with { Data = scaled }, newBias);
            conv.Outputs[0] = last.Outputs[0];
            graph.Nodes.Remove(mul);
            graph.Nodes.Remove(last);
            folded++;
        }
        return folded;
    }

    /// <summary>
    /// x · Clip(x + 3, 0, 6) / 6 becomes x · HardSigmoid(x) with alpha 1/6, beta 1/2: two passes instead of four. (The
    /// HardSwish operator itself needs opset 14; moving these opset-9 models there would change Slice and Clip.)
    /// </summary>
    private static int FuseHardSwishes(OnnxModel graph)
    {
        var fused = 0;
        foreach (var add in graph.Nodes.Where(n => n.Is("Add")).ToList())
        {
            if (add.Inputs.Count != 2)
                continue;
            var x = graph.Scalar(add.Inputs[1]) == 3f ? add.Inputs[0] : graph.Scalar(add.Inputs[0]) == 3f ? add.Inputs[1] : null;
            if (x is null || graph.Constant(x) is not null)
                continue;
            if (graph.SoleConsumer(add.Outputs[0]) is not { } clip || !IsClip(graph, clip, 0f, 6f))
                continue;
            if (graph.SoleConsumer(clip.Outputs[0]) is not { } mul || !mul.Is("Mul") || mul.OtherInput(clip.Outputs[0]) != x)
                continue;
            if (graph.SoleConsumer(mul.Outputs[0]) is not { } div || !div.Is("Div") || div.Inputs.Count != 2
                || div.Inputs[0] != mul.Outputs[0] || graph.Scalar(div.Inputs[1]) != 6f)
                continue;

            // The Add becomes the HardSigmoid, the Mul takes over the Div's output; the Clip and the Div go.
            add.OpType = "HardSigmoid";
            add.Inputs.Clear();
            add.Inputs.Add(x);
            add.SetFloatAttribute("alpha", 1f / 6f);
            add.SetFloatAttribute("beta", 0.5f);
            mul.Inputs.Clear();
            mul.Inputs.AddRange([x, add.Outputs[0]]);
            mul.Outputs[0] = div.Outputs[0];
            graph.Nodes.Remove(clip);
            graph.Nodes.Remove(div);
            fused++;
        }
        return fused;
    }

    /// <summary>
    /// Mul(c) → Add(d) feeding only an unpadded Conv(W, B) becomes Conv(c·W, B + d·ΣW). A padded convolution would
    /// pad with d instead of 0 before the rewrite, so those are left to <see cref="AffinesAsConv"/>.
    /// </summary>
    private static int FoldAffinesIntoNextConv(OnnxModel graph)
    {
        var folded = 0;
        foreach (var (mul, add, x, c, d, conv) in AffinesBeforeConv(graph))
        {
            if (!IsUnpadded(conv) || Weights(graph, conv) is not var (weights, bias))
                continue;

            var outputs = weights.Dims[0];
            var perOutput = weights.Data.Length / outputs;
            var scaled = weights.Data.Select(w => w * c).ToArray();
            var newBias = new float[outputs];
            for (var o = 0; o < outputs; o++)
            {
                var sum = 0f;
                for (var k = 0; k < perOutput; k++)
                    sum += weights.Data[o * perOutput + k];
                newBias[o] = bias[o] + d * sum;
            }
            SetWeights(graph, conv, weights with { Data = scaled }, newBias);
            conv.Inputs[0] = x;
            graph.Nodes.Remove(mul);
            graph.Nodes.Remove(add);
            folded++;
        }
        return folded;
    }

    /// <summary>
    /// Mul(c) → Add(d) feeding a padded Conv becomes a 1×1 depthwise Conv with weight c and bias d: the same one pass,
    /// but one that ONNX Runtime keeps in its blocked (NCHWc) layout, where a Mul and an Add cost a reorder out of that
    /// layout and back.
    /// </summary>
    private static int AffinesAsConv(OnnxModel graph)
    {
        var replaced = 0;
        foreach (var (mul, add, x, c, d, conv) in AffinesBeforeConv(graph))
        {
            if (graph.Constant(conv.Inputs[1]) is not { Dims.Length: 4 } next)
                continue;
            var channels = (int)(next.Dims[1] * Math.Max(1, conv.IntAttribute("group") ?? 1));
            var scale = graph.AddConstant($"{add.Outputs[0]}.scale", new OnnxTensor(null, [channels, 1, 1, 1], Enumerable.Repeat(c, channels).ToArray()));
            var shift = graph.AddConstant($"{add.Outputs[0]}.shift", new OnnxTensor(null, [channels], Enumerable.Repeat(d, channels).ToArray()));
            add.OpType = "Conv";
            add.Inputs.Clear();
            add.Inputs.AddRange([x, scale, shift]);
            add.SetIntAttribute("group", channels);
            add.SetIntsAttribute("kernel_shape", [1, 1]);
            graph.Nodes.Remove(mul);
            replaced++;
        }
        return replaced;
    }

    /// <summary>Scalar affines x·c + d (a Mul then an Add, each read once) whose result only a Conv reads.</summary>
    private static List<(OnnxNode Mul, OnnxNode Add, string X, float C, float D, OnnxNode Conv)> AffinesBeforeConv(OnnxModel graph)
    {
        var found = new List<(OnnxNode, OnnxNode, string, float, float, OnnxNode)>();
        foreach (var mul in graph.Nodes.Where(n => n.Is("Mul") && n.Inputs.Count == 2))
        {
            var (x, c) = graph.Scalar(mul.Inputs[0]) is { } c0 ? (mul.Inputs[1], c0)
                : graph.Scalar(mul.Inputs[1]) is { } c1 ? (mul.Inputs[0], c1) : (null, 0f);
            if (x is null || graph.Constant(x) is not null)
                continue;
            if (graph.SoleConsumer(mul.Outputs[0]) is not { } add || !add.Is("Add")
                || add.OtherInput(mul.Outputs[0]) is not { } shiftName || graph.Scalar(shiftName) is not { } d)
                continue;
            if (graph.SoleConsumer(add.Outputs[0]) is { } conv && conv.Is("Conv") && conv.Inputs[0] == add.Outputs[0])
                found.Add((mul, add, x, c, d, conv));
        }
        return found;
    }

    /// <summary>A Conv's constant weights and its bias, zeros when it has none; null when either is not a constant.</summary>
    internal static (OnnxTensor Weights, float[] Bias)? Weights(OnnxModel graph, OnnxNode conv)
    {
        if (conv.Inputs.Count < 2 || graph.Constant(conv.Inputs[1]) is not { Dims.Length: 4 } weights)
            return null;
        var outputs = (int)weights.Dims[0];
        if (conv.Inputs.Count < 3 || conv.Inputs[2].Length == 0)
            return (weights, new float[outputs]);
        return graph.Constant(conv.Inputs[2]) is { Data.Length: var n } bias && n == outputs ? (weights, bias.Data) : null;
    }

    private static void SetWeights(OnnxModel graph, OnnxNode conv, OnnxTensor weights, float[] bias)
    {
        // New constants rather than edits in place: the originals may be read by other nodes too.
        conv.Inputs[1] = graph.AddConstant(conv.Inputs[1], weights with { Name = null });
        var biasName = graph.AddConstant($"{conv.Outputs[0]}.bias", new OnnxTensor(null, [bias.Length], bias));
        if (conv.Inputs.Count < 3)
            conv.Inputs.Add(biasName);
        else
            conv.Inputs[2] = biasName;
    }

    private static bool IsUnpadded(OnnxNode conv) =>
        conv.IntsAttribute("pads").All(p => p == 0) && conv.StringAttribute("auto_pad") is null or "NOTSET" or "VALID";

    /// <summary>Clip to [min, max], as opset 6 attributes or opset 11 constant inputs.</summary>
    private static bool IsClip(OnnxModel graph, OnnxNode clip, float min, float max)
    {
        if (!clip.Is("Clip"))
            return false;
        if (clip.Inputs.Count == 1)
            return clip.FloatAttribute("min") == min && clip.FloatAttribute("max") == max;
        return clip.Inputs.Count == 3 && graph.Scalar(clip.Inputs[1]) == min && graph.Scalar(clip.Inputs[2]) == max;
    }
}
