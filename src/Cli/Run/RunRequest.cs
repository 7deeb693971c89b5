using Fleet.Contracts;

namespace Fleet.Cli.Run;

public sealed record RunRequest(FileSystemInfo Input, DirectoryInfo Output, ProcessingOptions Options, bool Recursive, bool Verbose);
