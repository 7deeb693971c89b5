using System.Diagnostics;
using Fleet.Tests.Support;

namespace Fleet.Tests.EndToEnd;

/// <summary>The fleet command as a user types it: exit codes, help, and what lands in the output folder.</summary>
public sealed class CliTests
{
    [Test]
    public async Task Run_help_explains_every_option()
    {
        var (exit, stdout, _) = await Fleet("run", "--help");

        Assert.That(exit, Is.Zero);
        foreach (var option in new[] { "<input>", "--output", "--dpi", "--mode", "--chunk-pages", "--outputs", "--password-file", "--recursive", "TIFF" })
            Assert.That(stdout, Does.Contain(option));
    }

    [Test]
    public async Task Watch_help_explains_every_option_and_the_state_file()
    {
        var (exit, stdout, _) = await Fleet("watch", "--help");

        Assert.That(exit, Is.Zero);
        foreach (var option in new[] { "<folder>", "--output", "--dpi", "--mode", "--chunk-pages", "--outputs", "--password-file", "--recursive", "--settle", ".fleet-watch.json" })
            Assert.That(stdout, Does.Contain(option));
    }

    [Test]
    public async Task Serve_help_explains_where_it_listens()
    {
        var (exit, stdout, _) = await Fleet("serve", "--help");

        Assert.That(exit, Is.Zero);
        Assert.That(stdout, Does.Contain("--urls").And.Contain("http://127.0.0.1:8080"));
    }

    [Test]
    public async Task Status_help_explains_its_options_and_exit_codes()
    {
        var (exit, stdout, _) = await Fleet("status", "--help");

        Assert.That(exit, Is.Zero);
        foreach (var option in new[] { "--api", "--api-key", "--once", "--interval", "http://127.0.0.1:8080", "FLEET_API_KEY", "Exit code 3", "4 when" })
            Assert.That(stdout, Does.Contain(option));
    }

    [Test]
    public async Task Serve_on_a_port_in_use_exits_2_with_one_line()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var (exit, _, stderr) = await Fleet("serve", "--urls", $"http://127.0.0.1:{port}");

        Assert.That(exit, Is.EqualTo(2));
        var errors = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.Contain($"127.0.0.1:{port}").And.Contain("in use"));
        Assert.That(stderr, Does.Not.Contain("   at "));
    }

    [Test]
    public async Task Serve_without_keys_beyond_loopback_refuses_to_start()
    {
        var (exit, _, stderr) = await Fleet("serve", "--urls", "http://0.0.0.0:0");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("no API key is configured").And.Contain("FLEET_API_KEY"));
    }

    [Test]
    public async Task Run_without_output_is_a_usage_error()
    {
        var (exit, _, stderr) = await Fleet("run", ".");

        Assert.That(exit, Is.Not.Zero);
        Assert.That(stderr, Does.Contain("--output"));
    }

    [TestCase("--dpi", "abc", "Cannot parse argument 'abc' for option '--dpi'")]
    [TestCase("--dpi", "5", "--dpi must be between 72 and 600.")]
    [TestCase("--mode", "fast", "Cannot parse argument 'fast' for option '--mode'")]
    [TestCase("--bogus", "1", "Unrecognized command or argument '--bogus'")]
    [TestCase("--outputs", "txt,docx", "--outputs: 'docx' is not an output format; use txt,json,pdf,hocr,alto.")]
    [TestCase("--password-file", "/no/such/passwords.txt", "--password-file: cannot read '/no/such/passwords.txt'")]
    public async Task A_bad_argument_exits_2_with_one_error_line_and_no_stack_trace(string option, string value, string message)
    {
        var (exit, _, stderr) = await Fleet("run", ".", "--output", Path.GetTempPath(), option, value);

        Assert.That(exit, Is.EqualTo(2));
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("error: ").And.Contain(message));
        Assert.That(stderr, Does.Not.Contain("   at "), "no stack trace");
    }

    [TestCase("--outputs", "txt,docx", "--outputs: 'docx' is not an output format")]
    [TestCase("--dpi", "5", "--dpi must be between 72 and 600.")]
    public async Task Watch_checks_the_shared_options_as_run_does(string option, string value, string message)
    {
        var (exit, _, stderr) = await Fleet("watch", ".", "--output", Path.GetTempPath(), option, value);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr.Split('\n')[0], Does.StartWith("error: ").And.Contain(message));
    }

    [Test]
    public async Task A_setting_that_does_not_parse_is_one_line_naming_it()
    {
        using var process = FleetCli.Start([("Fleet__Worker__MaxPages", "abc")], "run", ".", "--output", Path.GetTempPath());
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.That(process.ExitCode, Is.EqualTo(2));
        var errors = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        Assert.That(errors, Is.EqualTo(new[] { "error: invalid configuration: Failed to convert configuration value 'abc' at 'Fleet:Worker:MaxPages' to type 'System.Int32'." }));
        Assert.That(stderr, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public async Task Run_on_a_missing_folder_exits_2_with_a_clear_message()
    {
        var (exit, _, stderr) = await Fleet("run", "/no/such/folder", "--output", Path.GetTempPath());

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("does not exist"));
    }

    [Test]
    public async Task An_invalid_setting_exits_2_naming_the_setting_before_anything_runs()
    {
        using var process = FleetCli.Start([("Fleet__Worker__MaxPages", "0"), ("Fleet__Orchestrator__MaxActiveDocuments", "0")], "run", ".", "--output", Path.GetTempPath());
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.That(process.ExitCode, Is.EqualTo(2));
        Assert.That(await stderr, Does.Contain("invalid configuration").And.Contain("MaxPages").And.Contain("MaxActiveDocuments"));
        Assert.That(await stderr, Does.Not.Contain("Unhandled exception"));
    }

    [Test]
    public async Task Run_exits_0_and_summarises_when_one_document_fails()
    {
        await InTempFolders(async (input, output) =>
        {
            File.WriteAllBytes(Path.Combine(input.FullName, "letter.pdf"), TestPdfs.BornDigital(["Dear reader, this page has a text layer."]));
            File.WriteAllBytes(Path.Combine(input.FullName, "notes.pdf"), TestPdfs.NotAPdf());

            var (exit, stdout, _) = await Fleet("run", input.FullName, "--output", output);

            Assert.That(exit, Is.Zero, stdout);
            Assert.That(stdout, Does.Contain("1 succeeded").And.Contain("1 failed").And.Contain("not a PDF"));
            Assert.That(File.ReadAllText(Path.Combine(output, "letter.txt")), Does.Contain("Dear reader, this page has a text layer."));
            Assert.That(Directory.GetFiles(Path.Combine(output, "runs"), "manifest.json", SearchOption.AllDirectories), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public async Task A_run_killed_midway_loses_nothing_the_next_run_reuses_what_was_done_and_does_the_rest()
    {
        await InTempFolders(async (input, output) =>
        {
            const int count = 4;
            for (var i = 1; i <= count; i++)
            {
                File.WriteAllBytes(Path.Combine(input.FullName, $"scan-{i}.pdf"), TestPdfs.Scanned(300,
                    [$"Scanned letter number {i} of the batch."], [$"Its second page, number {i}."], [$"Its third page, number {i}."]));
            }

            // One document at a time, killed (SIGKILL) as soon as the first document's text has landed: the others are
            // then waiting or half done.
            using (var first = FleetCli.Start([("Fleet__Orchestrator__MaxActiveDocuments", "1")], "run", input.FullName, "--output", output))
            {
                _ = first.StandardOutput.ReadToEndAsync();
                _ = first.StandardError.ReadToEndAsync();
                var deadline = DateTime.UtcNow.AddMinutes(3);
                while (!first.HasExited && DateTime.UtcNow < deadline
                       && !(Directory.Exists(output) && Directory.GetFiles(output, "scan-*.txt").Length > 0))
                {
                    await Task.Delay(50);
                }
                first.Kill(entireProcessTree: true);
                await first.WaitForExitAsync();
            }
            var doneBeforeKill = Directory.GetFiles(output, "scan-*.txt").Length;
            await TestContext.Out.WriteLineAsync($"{doneBeforeKill} of {count} documents done when the run was killed");

            var (exit, stdout, _) = await Fleet("run", input.FullName, "--output", output);

            Assert.That(doneBeforeKill, Is.InRange(1, count - 1), "the kill must land mid-run for this test to mean anything");
            Assert.That(exit, Is.Zero, stdout);
            Assert.That(stdout, Does.Contain($"{count} succeeded"));
            // At least the documents whose text had landed; a document finishing as the kill lands may add to them.
            var reused = System.Text.RegularExpressions.Regex.Match(stdout, @"(\d+) reused from earlier results");
            Assert.That(reused.Success, Is.True, stdout);
            Assert.That(int.Parse(reused.Groups[1].Value), Is.InRange(doneBeforeKill, count - 1));
            Assert.That(System.Text.RegularExpressions.Regex.Matches(stdout, @"scan-\d\.pdf: reused").Count, Is.EqualTo(int.Parse(reused.Groups[1].Value)),
                "the progress lines name each reused document");
            Assert.That(stdout, Does.Contain($"{reused.Groups[1].Value} reused), {count * 3}/{count * 3} pages"), "reused documents' pages count as done");
            for (var i = 1; i <= count; i++)
                Assert.That(File.ReadAllText(Path.Combine(output, $"scan-{i}.txt")), Does.Contain($"number {i} of the batch"));
        });
    }

    [Test]
    public async Task Ctrl_C_during_ocr_ends_with_exit_130_a_closing_line_and_no_engine_error()
    {
        await InTempFolders(async (input, output) =>
        {
            for (var i = 1; i <= 20; i++)
                File.WriteAllBytes(Path.Combine(input.FullName, $"scan-{i}.pdf"), TestPdfs.Scanned(300, [$"Scanned letter number {i}, read when Ctrl-C comes."]));

            using var run = FleetCli.Start([], "run", input.FullName, "--output", output, "--mode", "ocr");
            var stdout = new System.Text.StringBuilder();
            var firstDone = new TaskCompletionSource();
            run.OutputDataReceived += (_, e) =>
            {
                lock (stdout) stdout.AppendLine(e.Data);
                if (e.Data?.Contains(": done", StringComparison.Ordinal) == true)
                    firstDone.TrySetResult();
            };
            run.BeginOutputReadLine();
            var stderr = run.StandardError.ReadToEndAsync();
            // Ctrl-C once the first document is done: the others are being rendered and recognised.
            await firstDone.Task.WaitAsync(TimeSpan.FromMinutes(2));
            using (var interrupt = Process.Start("kill", ["-INT", run.Id.ToString()]))
                await interrupt.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await run.WaitForExitAsync(timeout.Token);

            var all = stdout.ToString() + await stderr;
            Assert.That(run.ExitCode, Is.EqualTo(130), all);
            Assert.That(all, Does.Contain("cancelled: outputs written so far are complete files; run again to finish."));
            Assert.That(all, Does.Not.Contain("Non-zero status code").And.Not.Contain("Unhandled").And.Not.Contain("   at "));
            Assert.That(Directory.GetFiles(output, "scan-*.txt"), Has.Length.InRange(1, 19), "Ctrl-C landed mid-run");
        });
    }

    /// <summary>Runs <paramref name="test"/> with an empty input folder and an output path of its own, removed after.</summary>
    private static async Task InTempFolders(Func<DirectoryInfo, string, Task> test)
    {
        var root = Directory.CreateTempSubdirectory("fleet-cli-");
        try
        {
            await test(root.CreateSubdirectory("in"), Path.Combine(root.FullName, "out"));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static Task<(int Exit, string Stdout, string Stderr)> Fleet(params string[] args) => FleetCli.RunAsync(TimeSpan.FromMinutes(3), [], args);
}
