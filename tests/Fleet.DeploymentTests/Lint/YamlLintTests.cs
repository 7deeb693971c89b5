using Fleet.DeploymentTests.Support;

namespace Fleet.DeploymentTests.Lint;

public sealed class YamlLintTests
{
    /// <summary>compose.yaml, the chart's values, Chart.yaml and files/ (templates are Go templates: see .yamllint.yaml).</summary>
    [Test]
    public async Task Compose_and_the_charts_yaml_pass_yamllint()
    {
        var paths = new[] { "compose.yaml", "charts", ".yamllint.yaml" };
        CommandResult lint;
        try
        {
            lint = await Command.Run("yamllint", ["--strict", "--config-file", Repo.Path(".yamllint.yaml"), .. paths]);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("yamllint is not installed (Debian package yamllint; .ci/run installs it)");
            return;
        }
        Assert.That(lint.ExitCode, Is.Zero, lint.ToString());
    }

    [Test]
    public async Task Yamllint_rejects_broken_yaml()
    {
        // The check above only means something if yamllint fails on a real mistake with these settings.
        var broken = Path.Combine(Path.GetTempPath(), $"fleet-broken-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(broken, "services:\n  api:\n    image: a\n    image: b\n");
        try
        {
            var lint = await Command.Run("yamllint", ["--strict", "--config-file", Repo.Path(".yamllint.yaml"), broken]);
            Assert.That(lint.ExitCode, Is.Not.Zero);
            Assert.That(lint.Output, Does.Contain("duplication of key"));
        }
        finally
        {
            File.Delete(broken);
        }
    }
}
