using System.CommandLine;
using Fleet.Cli.CommandLine;
using Fleet.Contracts;

namespace Fleet.Cli.Watch;

/// <summary><c>fleet watch &lt;folder&gt; --output &lt;dir&gt;</c>: OCR every PDF or image that appears in a folder, once, in this process.</summary>
public static class WatchCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = $"The folder to watch for documents ({InputFiles.Kinds})." };
        var output = new Option<DirectoryInfo>("--output", "-o")
        {
            Description = "Folder that receives <name>.txt, <name>.json (and what --outputs asks for), runs/<batchId>/manifest.json and the watch's state " +
                          $"({WatchState.FileName}: the files done, so a restart does not do them again).",
            Required = true,
        };
        var processing = new ProcessingArguments();
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Watch sub-folders of <folder> too." };
        var settle = new Option<double>("--settle")
        {
            Description = "Seconds a file's size and modification time must stay unchanged (and the file end as its kind does: %%EOF for a PDF, IEND for a PNG, ...) before it counts as written (0.2-600).",
            DefaultValueFactory = _ => 2,
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log every step (batch, document and chunk ids)." };

        settle.InRange(0.2, 600);

        var command = new Command("watch",
            $"OCR every document ({InputFiles.Kinds}) that appears in a folder (once it is fully written) into an output folder, in this process, until Ctrl+C. " +
            "Each file is done once: a restart goes on where the last run stopped, and a file written again is done again.")
        {
            folder, output,
        };
        processing.AddTo(command);
        foreach (Option option in (Option[])[recursive, settle, verbose])
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) =>
        {
            var request = new WatchRequest(
                parse.GetValue(folder)!, parse.GetValue(output)!,
                processing.Read(parse), parse.GetValue(recursive), TimeSpan.FromSeconds(parse.GetValue(settle)), parse.GetValue(verbose),
                processing.ReadPasswords(parse));
            return WatchConsole.ExecuteAsync(request, cancellationToken);
        });
        return command;
    }
}
