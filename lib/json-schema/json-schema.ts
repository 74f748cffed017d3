// The part of JSON Schema (draft 2020-12) the settings file and the environment config are written in, and the
// TypeScript type of the data such a schema describes. A schema is written once, as a TypeScript constant
// (`as const satisfies JsonSchema`); its data's type is `FromSchema<typeof SCHEMA>`, so the type cannot drift
// from what is validated. The same constant is published as a .schema.json file for editors.

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';

export interface JsonSchema {
  readonly $schema?: string;
  readonly $id?: string;
  readonly $comment?: string;
  readonly title?: string;
  readonly description?: string;
  readonly type?: JsonType | readonly JsonType[];
  readonly enum?: readonly (string | number | boolean | null)[];
  /** Filled in where the value is absent (ajv's useDefaults); an object's `{}` lets its own properties' defaults apply. */
  readonly default?: unknown;
  readonly examples?: readonly unknown[];
  /**
   * The reason shown for any problem with this value ("must be a positive whole number"), after its path and
   * before the value found. Editors that know the keyword (VS Code) show it too, so it names no value.
   */
  readonly errorMessage?: string;
  readonly properties?: { readonly [key: string]: JsonSchema };
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: boolean | JsonSchema;
  readonly prefixItems?: readonly JsonSchema[];
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly minLength?: number;
  readonly pattern?: string;
  readonly format?: string;
}

/**
 * The type of the data `S` describes once its defaults are filled in: a property with a default or listed in
 * `required` is always there, any other is optional. Keys starting with `$` (`$schema`, `$comment`) belong to
 * the file, not to the data, and are left out.
 */
export type FromSchema<S> = S extends { readonly enum: readonly (infer E)[] }
  ? E
  : S extends { readonly type: infer T }
    ? ValueOf<S, T extends readonly (infer U)[] ? U : T>
    : unknown;

type ValueOf<S, T> = T extends 'string'
  ? string
  : T extends 'number' | 'integer'
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'null'
        ? null
        : T extends 'array'
          ? ArrayOf<S>
          : T extends 'object'
            ? ObjectOf<S>
            : never;

type ArrayOf<S> = S extends { readonly prefixItems: infer P extends readonly unknown[] }
  ? { -readonly [I in keyof P]: FromSchema<P[I]> }
  : S extends { readonly items: infer I }
    ? FromSchema<I>[]
    : unknown[];

type RequiredKeys<S> = S extends { readonly required: readonly (infer R)[] } ? R : never;
type KeysWithDefault<P> = { [K in keyof P]: P[K] extends { readonly default: unknown } ? K : never }[keyof P];
type DataKey<K> = K extends `$${string}` ? never : K;

type ObjectOf<S> = S extends { readonly properties: infer P }
  ? Flat<
      { -readonly [K in DataKey<Extract<keyof P, RequiredKeys<S> | KeysWithDefault<P>>>]: FromSchema<P[K]> } & {
        -readonly [K in DataKey<Exclude<keyof P, RequiredKeys<S> | KeysWithDefault<P>>>]?: FromSchema<P[K]>;
      }
    >
  : Record<string, unknown>;

type Flat<T> = { [K in keyof T]: T[K] } & {};
