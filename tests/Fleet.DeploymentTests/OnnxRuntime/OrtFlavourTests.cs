using System.Text.Json.Nodes;
using Fleet.DeploymentTests.Support;

namespace Fleet.DeploymentTests.OnnxRuntime;

/// <summary>The CPU and GPU workers run one ONNX Runtime: the same version of the native runtime and of its managed API.</summary>
public sealed class OrtFlavourTests
{
    [Test]
    public async Task The_gpu_flavour_restores_the_same_onnx_runtime_version_as_the_cpu_flavour()
    {
        // A no-op when CI's GpuBuild target (or an earlier run) restored it; otherwise ~900 MB from the package feed.
        var restore = await Command.Run("dotnet", ["restore", "src/Worker", "-p:OrtFlavor=Gpu"], timeout: TimeSpan.FromMinutes(15));
        Assert.That(restore.ExitCode, Is.Zero, restore.ToString());

        var cpu = Libraries(Repo.Path("src", "Worker", "obj", "project.assets.json"));
        var gpu = Libraries(Repo.Path("src", "Worker", "obj", "gpu", "project.assets.json"));

        Assert.That(cpu, Contains.Key("Microsoft.ML.OnnxRuntime"));
        Assert.That(gpu, Contains.Key("Microsoft.ML.OnnxRuntime.Gpu").And.ContainKey("Microsoft.ML.OnnxRuntime.Gpu.Linux"));
        Assert.That(gpu, Does.Not.ContainKey("Microsoft.ML.OnnxRuntime"), "the GPU flavour must not also carry the CPU runtime");
        var version = cpu["Microsoft.ML.OnnxRuntime"];
        Assert.Multiple(() =>
        {
            Assert.That(gpu["Microsoft.ML.OnnxRuntime.Gpu"], Is.EqualTo(version));
            Assert.That(gpu["Microsoft.ML.OnnxRuntime.Gpu.Linux"], Is.EqualTo(version));
            Assert.That(gpu["Microsoft.ML.OnnxRuntime.Managed"], Is.EqualTo(cpu["Microsoft.ML.OnnxRuntime.Managed"]));
            Assert.That(cpu["Microsoft.ML.OnnxRuntime.Managed"], Is.EqualTo(version));
        });
    }

    /// <summary>Package id → resolved version, from a project.assets.json.</summary>
    private static Dictionary<string, string> Libraries(string assetsFile)
    {
        Assert.That(File.Exists(assetsFile), $"{assetsFile} is missing: restore the worker first");
        return JsonNode.Parse(File.ReadAllText(assetsFile))!["libraries"]!.AsObject()
            .Select(l => l.Key.Split('/'))
            .Where(p => p[0].StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal))
            .ToDictionary(p => p[0], p => p[1]);
    }
}
