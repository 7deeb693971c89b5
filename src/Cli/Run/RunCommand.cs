using System.CommandLine;
using Fleet.Cli.CommandLine;
using Fleet.Contracts;

namespace Fleet.Cli.Run;

/// <summary><c>fleet run &lt;input&gt; --output &lt;dir&gt;</c>: OCR a folder of PDFs and images in one process, no servers.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var input = new Argument<FileSystemInfo>("input")
        {
            Description = $"A folder of documents ({InputFiles.Kinds} files), or one such file.",
            CustomParser = result => ParsePath(result.Tokens[0].Value),
        };
        var output = new Option<DirectoryInfo>("--output", "-o")
        {
            Description = "Folder that receives <name>.txt, <name>.json (and what --outputs asks for) and runs/<batchId>/manifest.json (created if missing).",
            Required = true,
        };
        var processing = new ProcessingArguments();
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Include documents in sub-folders of <input>." };
        var rerun = new Option<bool>("--rerun")
        {
            Description = "Process every file again. By default a file whose content was already done (same DPI and mode, same output folder) reuses that result.",
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log every step (batch, document and chunk ids)." };


        var command = new Command("run",
            $"OCR a folder of documents ({InputFiles.Kinds}; an image or TIFF page is one page) or one document into an output folder, in this process.")
        {
            input, output,
        };
        processing.AddTo(command);
        foreach (Option option in (Option[])[recursive, rerun, verbose])
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) =>
        {
            var request = new RunRequest(
                parse.GetValue(input)!, parse.GetValue(output)!, processing.Read(parse, parse.GetValue(rerun)),
                parse.GetValue(recursive), parse.GetValue(verbose), processing.ReadPasswords(parse));
            return RunConsole.ExecuteAsync(request, cancellationToken);
        });
        return command;
    }

    private static FileSystemInfo ParsePath(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
}
