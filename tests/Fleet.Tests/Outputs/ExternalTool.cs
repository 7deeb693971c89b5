using System.Diagnostics;

namespace Fleet.Tests.Outputs;

/// <summary>Poppler's and qpdf's command-line tools: readers of Fleet's PDFs that share no code with the writer.</summary>
public static class ExternalTool
{
    public static (int Exit, string Stdout, string Stderr) Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore($"{tool} is not installed (apt-get install poppler-utils qpdf; .ci/run does)");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
                process.Kill();
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
