// What a filter callback tells Envoy to do next with the stream.
export enum Action {
  // Hand the headers, body or data to the next filter.
  Continue = 0,
  // Stop here. Headers: Envoy holds the stream until continueStream (resumeRequest/resumeResponse). Body: Envoy
  // buffers it and calls again with the whole body so far. L4: Envoy holds the data until resumeDownstream.
  Pause = 1,
}
