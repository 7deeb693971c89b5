using System.Text.RegularExpressions;
using Fleet.DeploymentTests.Support;

namespace Fleet.DeploymentTests.Docker;

/// <summary>Rules every image follows: pinned bases, a non-root user, a health check, the right role's output.</summary>
public sealed class DockerfileTests
{
    public static IEnumerable<string> Dockerfiles() =>
        Directory.GetFiles(Repo.Path("docker"), "*.Dockerfile").Select(f => Path.GetFileName(f)).Order();

    [Test]
    public void There_is_an_image_per_role_and_worker_flavour()
    {
        Assert.That(Dockerfiles(), Is.EquivalentTo(new[] { "api.Dockerfile", "orchestrator.Dockerfile", "worker.Dockerfile", "worker-gpu.Dockerfile" }));
    }

    [TestCaseSource(nameof(Dockerfiles))]
    public void Every_base_image_has_a_pinned_version_tag(string dockerfile)
    {
        var bases = Instructions(dockerfile).Where(i => i.Name == "FROM").Select(i => i.Arguments.Split(' ')[0]).ToList();
        var stages = Instructions(dockerfile).Where(i => i.Name == "FROM" && i.Arguments.Contains(" AS ", StringComparison.OrdinalIgnoreCase))
            .Select(i => i.Arguments.Split(' ').Last()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.That(bases, Is.Not.Empty);
        foreach (var image in bases.Where(b => !stages.Contains(b)))
        {
            var tag = image.Contains(':') ? image[(image.LastIndexOf(':') + 1)..] : "";
            Assert.That(tag, Does.Match(@"^\d+\.\d+\.\d+"), $"{image}: the tag pins major.minor.patch");
        }
        Assert.That(Instructions(dockerfile).Where(i => i.Name == "COPY").Select(i => i.Arguments),
            Has.None.Match(@"--from=[^ ]*:latest"), "COPY --from an image pins it too");
    }

    [TestCaseSource(nameof(Dockerfiles))]
    public void The_final_stage_runs_as_a_non_root_user(string dockerfile)
    {
        var user = FinalStage(dockerfile).LastOrDefault(i => i.Name == "USER");
        Assert.That(user, Is.Not.Null, "no USER in the final stage");
        Assert.That(user!.Arguments.Split(':')[0], Is.Not.EqualTo("root").And.Not.EqualTo("0"));
    }

    [TestCaseSource(nameof(Dockerfiles))]
    public void The_final_stage_has_a_health_check_on_readiness(string dockerfile)
    {
        var check = FinalStage(dockerfile).SingleOrDefault(i => i.Name == "HEALTHCHECK");
        Assert.That(check, Is.Not.Null);
        Assert.That(check!.Arguments, Does.Contain("fleet-healthcheck").And.Contain("/health/ready"));
        Assert.That(FinalStage(dockerfile).Any(i => i.Name == "COPY" && i.Arguments.Contains("docker/healthcheck.sh /usr/local/bin/fleet-healthcheck")));
    }

    [TestCase("api.Dockerfile", "src/Ingest.Api", "Fleet.Ingest.Api.dll")]
    [TestCase("orchestrator.Dockerfile", "src/Orchestrator", "Fleet.Orchestrator.dll")]
    [TestCase("worker.Dockerfile", "src/Worker", "Fleet.Worker.dll")]
    [TestCase("worker-gpu.Dockerfile", "src/Worker", "Fleet.Worker.dll")]
    public void Each_image_publishes_its_role_only_and_starts_it(string dockerfile, string project, string entryAssembly)
    {
        var publishes = Instructions(dockerfile).Where(i => i.Name == "RUN" && i.Arguments.Contains("dotnet publish")).ToList();
        Assert.That(publishes, Has.Count.EqualTo(1));
        Assert.That(Regex.Matches(publishes[0].Arguments, @"dotnet publish (\S+)").Select(m => m.Groups[1].Value), Is.EqualTo(new[] { project }));
        Assert.That(FinalStage(dockerfile).Single(i => i.Name == "ENTRYPOINT").Arguments, Is.EqualTo($"[\"dotnet\", \"{entryAssembly}\"]"));
        Assert.That(publishes[0].Arguments.Contains("-p:OrtFlavor=Gpu"), Is.EqualTo(dockerfile == "worker-gpu.Dockerfile"));
    }

    [Test]
    public void The_gpu_worker_runs_on_cuda_12_with_cudnn_9()
    {
        var final = FinalStage("worker-gpu.Dockerfile").First(i => i.Name == "FROM").Arguments;
        Assert.That(final, Does.Match(@"^nvidia/cuda:12\.\d+\.\d+-cudnn-runtime-ubuntu"));
    }

    public sealed record Instruction(string Name, string Arguments);

    /// <summary>The Dockerfile's instructions, continuation lines joined and comments dropped.</summary>
    public static List<Instruction> Instructions(string dockerfile)
    {
        var text = Regex.Replace(Repo.Read("docker", dockerfile), @"(?m)^\s*#.*\n", "");
        text = Regex.Replace(text, @"\\\r?\n", " ");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(' ', 2))
            .Select(p => new Instruction(p[0].ToUpperInvariant(), Regex.Replace(p.ElementAtOrDefault(1) ?? "", @"\s+", " ").Trim()))
            .ToList();
    }

    private static IEnumerable<Instruction> FinalStage(string dockerfile)
    {
        var instructions = Instructions(dockerfile);
        return instructions.Skip(instructions.FindLastIndex(i => i.Name == "FROM"));
    }
}
