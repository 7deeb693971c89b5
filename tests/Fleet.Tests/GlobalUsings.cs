// One character-error-rate metric for the benchmark and the tests.
global using CharacterErrorRate = Fleet.Bench.CharacterErrorRate;
