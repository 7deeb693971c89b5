using Fleet.Bench;
using Fleet.Cli.CommandLine;

// ./fleet bench ...: the launcher hands what follows `bench` to this tool.
return await CommandLineExit.InvokeAsync(BenchCommand.Create(), args);
