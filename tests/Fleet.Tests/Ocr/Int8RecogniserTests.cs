using Fleet.Bench;
using Fleet.Engine.Ocr;
using Fleet.Engine.Ocr.Graph;

namespace Fleet.Tests.Ocr;

/// <summary>
/// The int8 recogniser: its shipped calibration belongs to the shipped model, it reads generated pages as well as the
/// float32 one does, and the quantiser refuses graphs it was not written for.
/// </summary>
public class Int8RecogniserTests
{
    private static readonly string ModelDirectory = new OcrOptions().ModelDirectory;

    private static byte[] RecognitionModel() => File.ReadAllBytes(Path.Combine(ModelDirectory, PaddleOcrEngine.RecognitionModelFile));

    [TestCase(true)]
    [TestCase(false)]
    public void The_shipped_calibration_covers_every_tensor_of_the_shipped_model(bool lookup)
    {
        var model = RecognitionModel();
        var calibration = Int8Calibration.For(Int8Calibration.Sha256(model));
        Assert.That(calibration, Is.Not.Null, $"no calibration for this model: run `./fleet bench calibrate` and rebuild ({Int8Calibration.SourcePath})");

        var fused = GraphFusions.Apply(model, out _);
        Assert.That(calibration!.Ranges.Keys, Is.SupersetOf(Int8Quantizer.CalibrationTensors(fused)));
        var quantised = OnnxModel.Parse(Int8Quantizer.Apply(fused, calibration.TensorRanges(), lookup, out var convolutions));

        // Every convolution of the backbone but the stem, i.e. all but the stem, the gates and the neck's float32 ones,
        // all of them channels-last.
        var convs = quantised.Nodes.Where(n => n.OpType == "QLinearConv").ToList();
        Assert.That(convolutions, Is.EqualTo(convs.Count));
        Assert.That(convolutions, Is.GreaterThanOrEqualTo(25));
        Assert.That(convs.Select(c => c.IntAttribute("channels_last")), Is.All.EqualTo(1));
        var hardSwishes = lookup
            ? quantised.Nodes.Count(n => n.OpType == FleetOps.LookupU8 && n.Domain == FleetOps.Domain)
            : quantised.Nodes.Count(n => n.OpType == "QLinearAdd");
        Assert.That(hardSwishes, Is.GreaterThanOrEqualTo(25), "HardSwish in uint8");
        Assert.That(quantised.Nodes.Count(n => n.OpType == "DynamicQuantizeMatMul"), Is.EqualTo(1), "the CTC head in int8");
        Assert.That(quantised.Nodes.Count(n => n.OpType == "HardSigmoid" && n.Inputs[0].StartsWith("p2o.Add", StringComparison.Ordinal)), Is.Zero,
            "no float32 HardSwish left in the backbone");
    }

    [Test]
    public void A_model_file_without_a_calibration_gets_none()
    {
        var model = RecognitionModel();
        model[^1] ^= 0xFF;
        Assert.That(Int8Calibration.For(Int8Calibration.Sha256(model)), Is.Null);
    }

    [Test]
    public void The_quantiser_refuses_a_graph_it_was_not_written_for()
    {
        var detection = GraphFusions.Apply(File.ReadAllBytes(Path.Combine(ModelDirectory, PaddleOcrEngine.DetectionModelFile)), out _);
        Assert.That(() => Int8Quantizer.Apply(detection, new Dictionary<string, TensorRange>(), lookup: false, out _),
            Throws.InstanceOf<InvalidDataException>().Or.InstanceOf<KeyNotFoundException>());
    }

    [Test]
    public void Int8_reads_generated_pages_as_well_as_float32()
    {
        using var int8 = new PaddleOcrEngine(new OcrOptions());
        using var float32 = new PaddleOcrEngine(new OcrOptions { RecognitionPrecision = OcrPrecision.Float32 });
        // What a worker built without g++ runs: HardSwish as ONNX Runtime's own operators.
        using var int8WithoutNativeOperators = new PaddleOcrEngine(new OcrOptions { NativeOperators = false });
        Assert.That(int8.Name, Does.Contain("int8"));
        Assert.That(float32.Name, Does.Not.Contain("int8"));

        using var generator = new BenchPageGenerator(dpi: 300);
        // A single-column page and a small-print one: small print is where quantisation noise shows first.
        foreach (var index in new[] { 0, 2 })
        {
            using var page = generator.Generate(index, BenchText.CalibrationSentences);
            var expected = page.Expected;
            var int8Cer = CharacterErrorRate.Compute(expected, string.Join('\n', int8.Recognise(page.Image).Lines.Select(l => l.Text)));
            var float32Cer = CharacterErrorRate.Compute(expected, string.Join('\n', float32.Recognise(page.Image).Lines.Select(l => l.Text)));
            var fallbackCer = CharacterErrorRate.Compute(expected,
                string.Join('\n', int8WithoutNativeOperators.Recognise(page.Image).Lines.Select(l => l.Text)));
            TestContext.Out.WriteLine($"{page.Name}: int8 CER {int8Cer:P3}, without native operators {fallbackCer:P3}, float32 {float32Cer:P3}");
            Assert.That(int8Cer, Is.LessThan(0.002), page.Name);
            Assert.That(fallbackCer, Is.LessThan(0.002), page.Name);
            Assert.That(int8Cer, Is.LessThanOrEqualTo(float32Cer + 0.001), page.Name);
        }
    }
}
