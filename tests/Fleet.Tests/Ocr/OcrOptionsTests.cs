using System.ComponentModel.DataAnnotations;
using Fleet.Engine.Ocr;

namespace Fleet.Tests.Ocr;

public class OcrOptionsTests
{
    [Test]
    public void Defaults_are_valid_and_point_at_the_copied_assets()
    {
        var options = new OcrOptions();

        Assert.That(() => Validator.ValidateObject(options, new ValidationContext(options), true), Throws.Nothing);
        Assert.That(File.Exists(Path.Combine(options.ModelDirectory, PaddleOcrEngine.RecognitionModelFile)), Is.True);
    }

    [Test]
    public void Engine_refuses_out_of_range_settings_before_loading_models()
    {
        Assert.That(() => new PaddleOcrEngine(new OcrOptions { DetectionMaxSide = 10 }),
            Throws.TypeOf<ValidationException>().With.Message.Contains(nameof(OcrOptions.DetectionMaxSide)));
    }

    [Test]
    public void Engine_names_the_missing_model_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "fleet-no-models-" + Guid.NewGuid().ToString("N"));

        Assert.That(() => new PaddleOcrEngine(new OcrOptions { ModelDirectory = folder }),
            Throws.TypeOf<FileNotFoundException>().With.Message.Contains(folder));
    }

    [Test]
    public void Asking_for_CUDA_on_the_CPU_build_fails_at_start_up_naming_the_build_switch()
    {
        Assume.That(Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetAvailableProviders(), Does.Not.Contain("CUDAExecutionProvider"),
            "this build links the GPU flavour of ONNX Runtime");

        Assert.That(() => new PaddleOcrEngine(new OcrOptions { Device = OcrDevice.Cuda }),
            Throws.InvalidOperationException.With.Message.Contains("-p:OrtFlavor=Gpu"));
        using var automatic = new PaddleOcrEngine(new OcrOptions { Device = OcrDevice.Auto });
        Assert.That(automatic.Name, Does.Contain(", CPU"));
    }
}
