import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A statement as a PDF file, to save or open.' })
export class StatementPdf {
  @Field()
  fileName!: string;

  @Field()
  contentType!: string;

  @Field(() => Int)
  byteSize!: number;

  @Field({ description: 'The PDF, base64.' })
  base64!: string;
}
