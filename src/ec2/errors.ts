/**
 * EC2's errors, as values carrying EC2's error code (`InvalidInstanceID.NotFound`, …) and its
 * message in EC2's words; the wire layer writes them in EC2's envelope (400 for all of these).
 */
export class Ec2Error extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** `InvalidParameterValue`, with EC2's message for the parameter. */
export function invalidParameterValue(message: string): Ec2Error {
  return new Ec2Error('InvalidParameterValue', message);
}

/** `MissingParameter`: a parameter EC2 needs (its model does not mark it required). */
export function missingParameter(name: string): Ec2Error {
  return new Ec2Error('MissingParameter', `The request must contain the parameter ${name}`);
}

/** `InvalidInstanceID.NotFound` for every id given that names no instance. */
export function instancesNotFound(ids: readonly string[]): Ec2Error {
  return new Ec2Error(
    'InvalidInstanceID.NotFound',
    ids.length === 1
      ? `The instance ID '${ids[0]}' does not exist`
      : `The instance IDs '${ids.join(', ')}' do not exist`,
  );
}

/** `InvalidInstanceID.Malformed`: not an instance id at all. */
export function malformedInstanceId(id: string): Ec2Error {
  return new Ec2Error('InvalidInstanceID.Malformed', `Invalid id: "${id}"`);
}

/** `IncorrectInstanceState`: the instance cannot do that from where it is. */
export function incorrectInstanceState(id: string, verb: string): Ec2Error {
  return new Ec2Error(
    'IncorrectInstanceState',
    `This instance '${id}' is not in a state from which it can be ${verb}.`,
  );
}

/** `InvalidPaginationToken`: a NextToken this service did not give out. */
export function invalidPaginationToken(token: string): Ec2Error {
  return new Ec2Error('InvalidPaginationToken', `Invalid pagination token: ${token}`);
}
