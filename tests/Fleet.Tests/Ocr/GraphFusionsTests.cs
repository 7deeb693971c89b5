using Fleet.Engine.Ocr;
using Fleet.Engine.Ocr.Graph;
using Microsoft.ML.OnnxRuntime;

namespace Fleet.Tests.Ocr;

public class GraphFusionsTests
{
    private static readonly string ModelDirectory = new OcrOptions().ModelDirectory;

    [Test]
    public void An_unchanged_model_is_written_back_byte_for_byte()
    {
        var original = File.ReadAllBytes(Path.Combine(ModelDirectory, PaddleOcrEngine.RecognitionModelFile));

        var rewritten = OnnxModel.Parse(original).ToArray();

        Assert.That(rewritten, Is.EqualTo(original));
    }

    [TestCase(PaddleOcrEngine.RecognitionModelFile, 1, 3, 48, 640)]
    [TestCase(PaddleOcrEngine.DetectionModelFile, 1, 3, 256, 320)]
    public void The_fused_model_computes_what_the_original_does_with_fewer_operators(string file, int n, int c, int h, int w)
    {
        var original = File.ReadAllBytes(Path.Combine(ModelDirectory, file));

        var fused = GraphFusions.Apply(original, out var counts);

        TestContext.Out.WriteLine($"{file}: {counts}");
        Assert.That(counts.HardSwishes, Is.GreaterThan(0));
        Assert.That(counts.AffinesIntoConv, Is.GreaterThan(0));
        Assert.That(OnnxModel.Parse(fused).Nodes.Count(n => n.OpType != "Constant"),
            Is.LessThan(OnnxModel.Parse(original).Nodes.Count(n => n.OpType != "Constant")));

        var input = new float[n * c * h * w];
        var random = new Random(7);
        for (var i = 0; i < input.Length; i++)
            input[i] = (float)(random.NextDouble() * 2 - 1);
        var expected = Run(original, input, [n, c, h, w]);
        var actual = Run(fused, input, [n, c, h, w]);

        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.That(worst, Is.LessThan(1e-4), "largest difference between original and fused outputs");
    }

    private static float[] Run(byte[] model, float[] input, long[] shape)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [session.InputMetadata.Keys.First()], [tensor], [session.OutputMetadata.Keys.First()]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
