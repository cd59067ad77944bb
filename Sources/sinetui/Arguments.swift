import ArgumentParser
import SineNet

// The core's enums are spelled on the command line exactly as they are in traces and on screen.

extension Preset: ExpressibleByArgument {}

extension GradientRule: ExpressibleByArgument {}
